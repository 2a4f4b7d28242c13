#!/usr/bin/env bash
# etiqueta's recommended search (genetic + ASHA, examples/fashion-mnist.yaml) against a peer of the project's own,
# Optuna's TPE sampler with its MedianPruner training PyTorch twins of the same networks (bench/peers/), over the
# same space on Fashion-MNIST, at equal wall time, one after the other on this machine; and genetic + ASHA against
# random + ASHA. Each side's chosen trial (best validation accuracy among complete trials) is scored on the
# official 10,000-image test set. Both sides stop at the same rule: no trial starts after the budget, and a running
# trial ends at its next measurement (epoch end, or ASHA checkpoint) keeping its best epoch.
#   bench/vs-optuna.sh [MINUTES...] [--seeds N | --seed-list "2 3"] [--threads T] [--sides "genetic optuna random"]
#   default: 10 and 30 minutes, seeds 1..3, 2 threads (etiqueta: its file's workers, T/workers threads each;
#   Optuna: one trial at a time on T threads). Needs: apt-get install dataset-fashion-mnist python3-optuna python3-torch
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
minutes=() seeds="1 2 3" threads=2 sides="genetic optuna random"
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$(seq 1 "$2" | tr '\n' ' ')"; shift 2 ;;
    --seed-list) seeds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --sides) sides="$2"; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) minutes+=("$1"); shift ;;
  esac
done
[ ${#minutes[@]} -gt 0 ] || minutes=(10 30)
data="${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
[ -f "$data/t10k-images-idx3-ubyte.gz" ] || { echo "no Fashion-MNIST at $data (apt-get install dataset-fashion-mnist)" >&2; exit 3; }
/usr/bin/python3 -c "import optuna, torch" 2>/dev/null || { echo "Debian's python3-optuna and python3-torch are needed for /usr/bin/python3" >&2; exit 3; }
work="${ETIQUETA_BENCH_DIR:-${TMPDIR:-/tmp}/etiqueta-vs-optuna}"
mkdir -p "$work"
results="$work/results.jsonl"
: > "$results"
file="$root/examples/fashion-mnist.yaml"
workers="$(sed -n 's/^workers: *\([0-9]*\).*/\1/p' "$file")"
per_worker=$(( threads / ${workers:-1} )); [ "$per_worker" -ge 1 ] || per_worker=1

etiqueta_side() { # strategy, minutes, seed
  local strategy="$1" min="$2" seed="$3" dir="$work/$1-$2min-seed$3"
  rm -rf "$dir"; mkdir -p "$dir"
  hours=$(/usr/bin/python3 -c "print($min/60)")
  sed -e "s/^strategy: .*/strategy: $strategy/" -e "s/^seed: .*/seed: $seed/" -e "s/^budget: .*/budget: {hours: $hours}/" \
      -e "s|^dataset: .*|dataset: $data|" "$file" > "$dir/search.yaml"
  if [ "$strategy" = random ]; then sed -i -e "s/^genetic: .*/batch: $workers/" "$dir/search.yaml"; fi
  local start=$SECONDS
  # a trial running at the deadline ends at its next measurement; the timeout is only a safety net
  OMP_NUM_THREADS=$per_worker ETIQUETA_JAVA_OPTS="${ETIQUETA_JAVA_OPTS:--Xmx6g}" timeout $(( ${min%.*} * 120 + 600 )) \
    "$root/etiqueta" search start "$dir/search.yaml" --store "$dir/store" > "$dir/log.txt" 2>&1 || true
  /usr/bin/python3 - "$dir/store" "$strategy+asha" "$seed" "$min" $((SECONDS - start)) >> "$results" <<'PY'
import glob, json, sys
store, side, seed, minutes, wall = sys.argv[1:]
trials = [json.load(open(f)) for f in glob.glob(f"{store}/searches/*/trials/*/trial.json")]
done = [t for t in trials if t["state"] in ("complete", "pruned", "failed")]
def kept(t):
    return next((e for e in t.get("epochs") or [] if e["epoch"] == t.get("bestEpoch")), None)
complete = [t for t in done if t["state"] == "complete" and kept(t) and t.get("test")]
best = max(complete, key=lambda t: (kept(t)["valAccuracy"], -t["number"])) if complete else None
print(json.dumps({"side": "etiqueta-" + side, "seed": int(seed), "minutes": float(minutes), "wall_seconds": float(wall),
                  "trials": len(done), "complete": len(complete), "pruned": sum(t["state"] == "pruned" for t in done),
                  "epochs_trained": round(sum(max([len(t.get("epochs") or [])] + [c["resource"] for c in t.get("checkpoints") or []]) for t in done), 2),
                  "chosen": None if best is None else {"number": best["number"], "val_accuracy": kept(best)["valAccuracy"],
                                                       "test_accuracy": best["test"]["accuracy"], "params": best["config"]}}))
PY
}

optuna_side() { # minutes, seed
  local start=$SECONDS
  timeout $(( ${1%.*} * 120 + 600 )) /usr/bin/python3 "$root/bench/peers/optuna_fashion.py" --space "$file" --minutes "$1" --seed "$2" --threads "$threads" --data "$data" >> "$results"
}

# CPU time the hypervisor gave to other guests (steal) during a side: on a shared host it slows that side alone,
# so each result records it (cpu_steal_pct) and sides compare fairly only at similar steal
cpu_ticks() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
record_steal() { # ticks-before
  read -r total0 steal0 <<< "$1"; read -r total1 steal1 <<< "$(cpu_ticks)"
  /usr/bin/python3 - "$results" "$total0" "$steal0" "$total1" "$steal1" <<'PY'
import json, sys
path, t0, s0, t1, s1 = sys.argv[1], *map(int, sys.argv[2:])
lines = open(path).read().splitlines()
last = json.loads(lines[-1])
last["cpu_steal_pct"] = round(100 * (s1 - s0) / max(1, t1 - t0), 1)
lines[-1] = json.dumps(last)
open(path, "w").write("\n".join(lines) + "\n")
PY
}

for min in "${minutes[@]}"; do
  for seed in $seeds; do
    for side in $sides; do
      echo "== $side, $min min, seed $seed  ($(uptime | sed 's/.*load average/load average/'))" >&2
      before="$(cpu_ticks)"
      case "$side" in
        genetic|random) etiqueta_side "$side" "$min" "$seed" ;;
        optuna) optuna_side "$min" "$seed" ;;
        *) echo "unknown side $side" >&2; exit 3 ;;
      esac
      record_steal "$before"
      echo "   $(tail -1 "$results" | cut -c1-200)" >&2
    done
  done
done
echo "load average at the end: $(uptime | sed 's/.*load average: //')"
/usr/bin/python3 - "$results" <<'PY'
import json, sys, collections
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"{'side':28} {'min':>4} {'seed':>4} {'trials':>6} {'complete':>8} {'pruned':>6} {'epochs':>7} {'wall s':>7} {'chosen val_acc':>14} {'its test_acc':>12}")
by = collections.defaultdict(list)
for r in rows:
    c = r["chosen"] or {}
    print(f"{r['side']:28} {r['minutes']:>4g} {r['seed']:>4} {r['trials']:>6} {r['complete']:>8} {r['pruned']:>6} {r['epochs_trained']:>7} "
          f"{r['wall_seconds']:>7.0f} {c.get('val_accuracy', float('nan')):>14.4f} {c.get('test_accuracy', float('nan')):>12.4f}")
    by[(r["side"], r["minutes"])].append(c.get("test_accuracy", float("nan")))
print()
for (side, m), accs in sorted(by.items()):
    spread = max(accs) - min(accs) if len(accs) > 1 else 0
    print(f"{side:28} {m:>4g} min: mean test accuracy {sum(accs) / len(accs):.4f} over {len(accs)} seeds (spread {spread:.4f})")
PY
