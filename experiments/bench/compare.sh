#!/usr/bin/env bash
# The speed comparison of docs/performance.md: PyTorch's reference script and flowmatch's benchmark, alternated
# `rounds` times on the same machine (both vary by 10-30% from run to run here), medians compared.
# PyTorch from Debian (apt-get install python3-torch libopenblas0-pthread), run with /usr/bin/python3.
#   experiments/bench/compare.sh [path/to/torch_reference.py] [train_steps] [rounds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
torch_script="${1:-$root/../shared/bench/torch_reference.py}"
steps="${2:-1000}"
rounds="${3:-3}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$root/flowmatch" list > /dev/null   # build first, outside the timings
results=$(mktemp)
for i in $(seq "$rounds"); do
  echo "torch-default $(/usr/bin/python3 "$torch_script" "$steps" 1 | tail -1)" | tee -a "$results"
  echo "torch-one-core $(OMP_NUM_THREADS=1 /usr/bin/python3 "$torch_script" "$steps" 1 | tail -1)" | tee -a "$results"
  echo "flowmatch $("$root/flowmatch" bench --steps "$steps" | tail -1)" | tee -a "$results"
done
python3 - "$results" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side = line.split()[0]
    train = float(re.search(r"train_steps_per_s=([0-9.]+)", line).group(1))
    sample = float(re.search(r"sample_10k_euler100_s=([0-9.]+)", line).group(1))
    rows.setdefault(side, []).append((train, sample))
med = {s: (statistics.median(t for t, _ in v), statistics.median(x for _, x in v)) for s, v in rows.items()}
for s, (t, x) in med.items():
    print(f"median {s}: train_steps_per_s={t:.1f} sample_10k_euler100_s={x:.3f}")
f = med["flowmatch"]
for ref in ("torch-default", "torch-one-core"):
    r = med[ref]
    print(f"flowmatch / {ref}: training {f[0] / r[0]:.2f}x, sampling {r[1] / f[1]:.2f}x (throughput ratios)")
PY
rm -f "$results"
