#!/usr/bin/env bash
# Training speed side by side: etiqueta's trial engine (`etiqueta train`) against the same networks in PyTorch
# (bench/peers/torch_models.py), interleaved in one run on the same machine, on a fixed subset of the CIFAR-10
# JPEGs and of Fashion-MNIST. Prints training images/s (what a search pays: training time with the per-epoch
# measurements) for each, the ratio etiqueta / PyTorch, and the load average with every row.
#   bench/throughput.sh [--repeats N] [--epochs N] [--cifar N] [--fashion N] [--threads N] [--models "cnn cnn-bn mlp"]
#                       [--datasets "cifar10 fashion"] [--baseline ETIQUETA_LAUNCHER]
# --baseline adds a column for another build of etiqueta (e.g. a copy of an older checkout's launcher and
# search/target), measured in the same interleaved run: before/after figures with their ratio.
# Needs ../shared/datasets/cifar10/train.tar.gz, Debian's dataset-fashion-mnist and python3-torch (for /usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
baseline=""; repeats=2; epochs=2; cifar=2000; fashion=6000; threads="$(nproc)"; models="cnn cnn-bn mlp"; datasets="cifar10 fashion"
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --cifar) cifar="$2"; shift 2 ;;
    --fashion) fashion="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --datasets) datasets="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "throughput.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
tarball="$root/../shared/datasets/cifar10/train.tar.gz"
fashion_dir="/usr/share/datasets/fashion-mnist"
py=/usr/bin/python3
[ -f "$tarball" ] || { echo "throughput.sh: no CIFAR-10 archive at $tarball" >&2; exit 1; }
[ -d "$fashion_dir" ] || { echo "throughput.sh: no $fashion_dir (apt-get install dataset-fashion-mnist)" >&2; exit 1; }
"$py" -c "import torch, PIL" 2>/dev/null || { echo "throughput.sh: /usr/bin/python3 lacks torch or PIL (apt-get install python3-torch python3-pil)" >&2; exit 1; }
# both sides wait passively for work, as ./etiqueta does: spinning OpenMP threads starve a loaded 2-core machine
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
work="${ETIQUETA_BENCH_DIR:-${TMPDIR:-/tmp}/etiqueta-throughput}"
mkdir -p "$work"

# Fixed subsets: the first cifar/10 JPEGs (by name) of each class; the first `fashion` IDX images (no t10k, so
# both sides hold out 10% for validation and train on the same count)
sub_cifar="$work/cifar10-$cifar"
if [ ! -d "$sub_cifar" ]; then
  echo "making $sub_cifar from $tarball ..." >&2
  [ -d "$work/all/train" ] || { mkdir -p "$work/all" && tar -xzf "$tarball" -C "$work/all"; }
  "$py" - "$work/all/train" "$sub_cifar.tmp" "$((cifar / 10))" <<'PY'
import os, shutil, sys
src, dst, per_class = sys.argv[1], sys.argv[2], int(sys.argv[3])
for c in sorted(os.listdir(src)):
    os.makedirs(os.path.join(dst, c))
    for f in sorted(os.listdir(os.path.join(src, c)))[:per_class]:
        shutil.copy(os.path.join(src, c, f), os.path.join(dst, c, f))
PY
  mv "$sub_cifar.tmp" "$sub_cifar"; rm -rf "$work/all"
fi
sub_fashion="$work/fashion-mnist-$fashion"
if [ ! -d "$sub_fashion" ]; then
  mkdir -p "$sub_fashion.tmp"
  "$py" - "$fashion_dir" "$sub_fashion.tmp" "$fashion" <<'PY'
import gzip, struct, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, item in (("train-images-idx3-ubyte.gz", 28 * 28), ("train-labels-idx1-ubyte.gz", 1)):
    data = gzip.open(f"{src}/{name}").read()
    header = 16 if item > 1 else 8
    out = bytearray(data[:header]); out[4:8] = struct.pack(">I", n)
    gzip.open(f"{dst}/{name}", "wb").write(bytes(out) + data[header:header + n * item])
PY
  printf '%s\n' T-shirt/top Trouser Pullover Dress Coat Sandal Shirt Sneaker Bag "Ankle boot" > "$sub_fashion.tmp/classes.txt"
  mv "$sub_fashion.tmp" "$sub_fashion"
fi

# the launcher builds once here, not inside a timed row; ETIQUETA_LAUNCHER runs another build (a baseline copy)
etiqueta="${ETIQUETA_LAUNCHER:-$root/etiqueta}"
"$etiqueta" --version >&2
options() { # the trial each family runs, as bench/train.sh runs it
  case "$1" in
    mlp) echo "--model mlp --layers 512,256,256 --activation relu --optimizer rmsprop" ;;
    *) echo "--model $1 --optimizer adam" ;;
  esac
}
optimizer() { case "$1" in mlp) echo rmsprop ;; *) echo adam ;; esac; }
threads_option() { # --threads came with the speed work; an older build uses all cores, as --threads $(nproc) does
  case "$("$1" train --help 2>&1 || true)" in *--threads*) echo "--threads $threads" ;; *) echo "" ;; esac
}
[ -z "$baseline" ] || "$baseline" --version >&2
trial() { # launcher, dataset dir, model: prints training images/s
  # shellcheck disable=SC2046
  ETIQUETA_NO_BUILD=1 "$1" train "$2" $(options "$3") --epochs "$epochs" --batch 64 --seed 1 --validation 0.1 --test 0.1 \
      $(threads_option "$1") --store "$work/store" --json 2>"$work/etiqueta.log" \
    | "$py" -c "import json,sys; r=json.load(sys.stdin); print(r.get('trainImagesPerSecond') or 0)"
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
results="$work/results.tsv"; : > "$results"
echo "threads $threads, epochs $epochs, batch 64, subsets: CIFAR-10 $cifar JPEGs, Fashion-MNIST $fashion; $(nproc) cores; $(uptime)" >&2
for r in $(seq 1 "$repeats"); do
  for ds in $datasets; do
    case "$ds" in cifar10) dir="$sub_cifar" ;; fashion) dir="$sub_fashion" ;; *) echo "unknown dataset $ds" >&2; exit 2 ;; esac
    for m in $models; do
      l1="$(load)"
      e=$(trial "$etiqueta" "$dir" "$m")
      b=0; [ -z "$baseline" ] || b=$(trial "$baseline" "$dir" "$m")
      l2="$(load)"
      t=$("$py" "$root/bench/peers/throughput.py" "$dir" "$m" "$epochs" 64 "$(optimizer "$m")" "$threads" 2>"$work/torch.log" \
          | "$py" -c "import json,sys; print(json.load(sys.stdin)['images_per_second'])")
      printf '%s\t%s\t%s\t%s\t%s\t%s %s\t%s\n' "$r" "$ds" "$m" "$e" "$t" "$l1" "$l2" "$b" | tee -a "$results" >&2
    done
  done
done
"$py" - "$results" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
base = any(float(r[6]) > 0 for r in rows)
print(f"{'dataset':10} {'model':7} {'etiqueta img/s':>15} {'PyTorch img/s':>14} {'ratio':>6}   {'ratios per repeat':20}"
      + (f" {'baseline img/s':>15} {'speed-up':>8}" if base else "") + "  load (1-min, before each row)")
keys = []
for r in rows:
    if (r[1], r[2]) not in keys: keys.append((r[1], r[2]))
for ds, m in keys:
    sel = [r for r in rows if r[1] == ds and r[2] == m]
    e = statistics.median(float(r[3]) for r in sel); t = statistics.median(float(r[4]) for r in sel)
    ratios = " ".join(f"{float(r[3]) / float(r[4]):.2f}" for r in sel)
    loads = " ".join(r[5].split()[0] for r in sel)
    extra = ""
    if base:
        b = statistics.median(float(r[6]) for r in sel)
        extra = f" {b:>15.0f} {e / b:>7.1f}x"
    print(f"{ds:10} {m:7} {e:>15.0f} {t:>14.0f} {e / t:>6.2f}   {ratios:20}{extra}  {loads}")
PY
echo "$(uptime)"
