#!/usr/bin/env bash
# The quality comparison at equal budget of docs/performance.md: eight Gaussians, 6000 steps of batch 256 per seed,
# 10,000 samples by RK4 with 20 equal steps from fresh noise, on both sides:
#   torch            experiments/bench/torch_quality.py: torchcfm's 2-D recipe (MLP 3 x 64 SELU, Adam 1e-3, CondOT,
#                    independent coupling, no EMA) written out in PyTorch
#   default          ./flowmatch train experiments/configs/eight-gaussians.yaml (this framework's recipe for it)
#   torch-recipe     the same config with the PyTorch recipe's network and optimiser settings
# (and, when named in arms, the variants in `recipe` below that separate what makes the difference)
# then ONE evaluator, experiments/bench/quality_eval.py (numpy + POT), scores every sample file the same way against
# the same fresh data draws and prints a table (W2 of 2000 samples as the issue measured it, its mean over five
# 2000-sample chunks, sliced W2 of all 10,000, mode-weight error, off-mode fraction; mean ± SE, median, and a
# Mann-Whitney U test against torch). Training runs on the CPU, one process at a time.
# PyTorch and POT from Debian (apt-get install python3-torch python3-pot), run with /usr/bin/python3.
#   experiments/bench/quality.sh [seeds=8] [out=runs/quality-<time>] [arms=torch,default,torch-recipe]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-8}"
out="${2:-$root/runs/quality-$(date +%Y%m%d-%H%M%S)}"
arms="${3:-torch,default,torch-recipe}"
seeds=$(seq -s, 0 $((n - 1)))
# Both sides: 6000 steps of batch 256 and 10,000 RK4 samples in 20 steps (RK4 at 20 steps is within 2e-5 of 100
# steps here); the flowmatch run's own evaluation is cut to what is cheap, the comparison does not use it.
common=(train.steps=6000 train.batch_size=256 solver.type=rk4 solver.steps=20 eval.samples=10000
  'eval.metrics=[sliced_w2]' eval.resolution=20 eval.trajectories=20 eval.frames=5 likelihood.points=50)
declare -A recipe=(
  [default]=""
  [torch-recipe]="model.width=64 model.activation=selu train.schedule=constant train.ema_decay=0"
  # What makes the difference (not run unless named): the framework's bare defaults (constant learning rate), and
  # the PyTorch recipe with one of the default recipe's training settings added back.
  [plain-defaults]="train.schedule=constant"
  [torch-recipe-ema]="model.width=64 model.activation=selu train.schedule=constant"
  [torch-recipe-cosine]="model.width=64 model.activation=selu train.ema_decay=0"
  [torch-recipe-wide]="model.width=256 model.activation=selu train.schedule=constant train.ema_decay=0"
)
for arm in ${arms//,/ }; do
  [ "$arm" = torch ] || [ -n "${recipe[$arm]+set}" ] \
    || { echo "quality.sh: unknown arm '$arm'; known: torch ${!recipe[*]}" >&2; exit 2; }
done
mkdir -p "$out"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); out: $out"
for arm in ${arms//,/ }; do
  if [ "$arm" = torch ]; then
    /usr/bin/python3 "$root/experiments/bench/torch_quality.py" "$out" "$seeds" 6000 10000 20
    continue
  fi
  for seed in ${seeds//,/ }; do
    # shellcheck disable=SC2086 # the recipe is a list of overrides
    run=$("$root/flowmatch" train "$root/experiments/configs/eight-gaussians.yaml" "${common[@]}" ${recipe[$arm]} \
      seed="$seed" --runs "$out/runs" 2>>"$out/flowmatch.log" | tail -1) \
      || { echo "quality.sh: flowmatch train failed for arm $arm seed $seed; see $out/flowmatch.log" >&2; exit 1; }
    cp "$run/samples.csv" "$out/$arm-s$seed.csv"
    echo "flowmatch arm=$arm seed=$seed -> $out/$arm-s$seed.csv ($(grep -o '"train": *[0-9.]*' "$run/manifest.json"))"
  done
done
/usr/bin/python3 "$root/experiments/bench/quality_eval.py" "$out" torch | tee "$out/table.txt"
