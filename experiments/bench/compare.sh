#!/usr/bin/env bash
# The speed comparison of docs/performance.md: experiments/bench/torch_reference.py (PyTorch, and POT for the OT
# workloads) and `./flowmatch bench`, alternated `rounds` times on the same machine (both vary from run to run),
# medians compared. Prints the medians of every key per side, then every ratio as a throughput ratio
# (flowmatch / PyTorch: above 1 means flowmatch is faster).
# PyTorch and POT from Debian (apt-get install python3-torch python3-pot), run with /usr/bin/python3.
#   experiments/bench/compare.sh [train_steps=1000] [rounds=5] [workloads=small,otcfm,otplan,reference] [torch_script]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
steps="${1:-1000}"
rounds="${2:-5}"
workloads="${3:-small,otcfm,otplan,reference}"
torch_script="${4:-$root/experiments/bench/torch_reference.py}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/flowmatch" list > /dev/null 2>&1   # build first, outside the timings
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for i in $(seq "$rounds"); do
  /usr/bin/python3 "$torch_script" "$steps" 1 "$workloads" | grep '^torch workload=' | tee -a "$results"
  "$root/flowmatch" bench --steps "$steps" --workloads "$workloads" 2>/dev/null | grep '^flowmatch workload=' \
    | tee -a "$results"
done
echo "after: load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "$rounds" <<'PY'
import collections, statistics, sys
values = collections.defaultdict(list)
for line in open(sys.argv[1]):
    fields = dict(f.split("=", 1) for f in line.split()[1:])
    side, workload = line.split()[0], fields.pop("workload")
    fields.pop("threads", None)
    for key, value in fields.items():
        values[(side, workload, key)].append(float(value))
med = {k: statistics.median(v) for k, v in values.items()}
for (side, workload, key), m in sorted(med.items()):
    print(f"median {side} {workload} {key}={m:g} (of {len(values[(side, workload, key)])})")
for (side, workload, key), f in sorted(med.items()):
    if side != "flowmatch" or ("torch", workload, key) not in med:
        continue
    t = med[("torch", workload, key)]
    ratio = f / t if key.endswith("per_s") else t / f
    print(f"ratio {workload} {key}: flowmatch/torch = {ratio:.2f}x")
PY
