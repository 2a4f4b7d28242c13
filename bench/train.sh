#!/usr/bin/env bash
# Foundation benchmark: training speed of mlp and cnn, data loading's share of trial time, and test accuracy
# on the CIFAR-10 training JPEGs (10% held out for test, 10% for validation), against the Keras notebooks.
#   bench/train.sh [CIFAR_TAR] [CNN_EPOCHS] [MLP_EPOCHS]
# Needs ../shared/datasets/cifar10/train.tar.gz (or the path given) and python3 to read the JSON results.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tarball="${1:-$root/../shared/datasets/cifar10/train.tar.gz}"
cnn_epochs="${2:-10}"
mlp_epochs="${3:-20}"
work="${ETIQUETA_BENCH_DIR:-${TMPDIR:-/tmp}/etiqueta-bench}"
mkdir -p "$work"
if [ ! -d "$work/train" ]; then
  echo "unpacking $tarball into $work ..." >&2
  tar -xzf "$tarball" -C "$work"
fi
store="$work/store"
run() { # name, then train options
  local name="$1"; shift
  echo "== $name: etiqueta train $work/train $*" >&2
  "$root/etiqueta" train "$work/train" "$@" --store "$store" --json > "$work/$name.json"
}
run cnn --model cnn --optimizer adam --lr 0.001 --epochs "$cnn_epochs" --batch 64 --seed 1
run mlp --model mlp --layers 512,256,256 --activation relu --optimizer rmsprop --lr 0.001 --epochs "$mlp_epochs" --patience 5 --batch 64 --seed 1
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
print(f"{'trial':6} {'epochs':>6} {'train img/s':>12} {'data share':>11} {'val_acc':>8} {'test_acc':>9} {'test_loss':>9} {'latency ms':>10} {'total s':>8}")
for name, notebook in (("cnn", "Keras notebook: 71.1% test accuracy"), ("mlp", "Keras notebook: about 66% val_accuracy")):
    r = json.load(open(f"{work}/{name}.json"))
    t = r["timing"]; total = t["dataSeconds"] + t["trainSeconds"] + t["evaluateSeconds"] + t["storeSeconds"]
    best = [e for e in r["epochs"] if e["epoch"] == r.get("bestEpoch")]
    val = best[0]["valAccuracy"] if best else float("nan")
    test = r.get("test") or {}
    print(f"{name:6} {len(r['epochs']):>6} {r.get('trainImagesPerSecond') or 0:>12.0f} {t['dataSeconds']/total:>10.1%} {val:>8.4f} "
          f"{test.get('accuracy', float('nan')):>9.4f} {test.get('loss', float('nan')):>9.4f} {test.get('latencyMillis', float('nan')):>10.2f} {total:>8.0f}   ({notebook}; {r['state']}, {r['stopReason']})")
PY
