#!/usr/bin/env bash
# The peer-quality comparison (issue 18): for each family, the reference library's own recipe (flow_matching's
# example notebooks, in PyTorch: experiments/bench/peer/*.py, each naming its notebook and what it changes) against
# this framework's shipped config run as a user runs it (./flowmatch train CONFIG key=value ... seed=S), at EQUAL
# training steps and batch (the config's), seeds 0..n-1 on each side, one process at a time; then ONE evaluator
# (experiments/bench/peer/evaluate.py) scores every sample file the same way and prints one table (medians,
# order-statistic intervals, Mann-Whitney U, floors from exact data draws), also written to OUT/table.md, with
# OUT/scores.csv, OUT/timings.csv and side-by-side pictures OUT/<family>/samples.png.
#
#   FLOW_MATCHING=/path/to/flow_matching TORCHDIFFEQ=/path/to/torchdiffeq \
#     experiments/bench/peer_quality.sh [seeds=3] [out=runs/peer-<time>] \
#       [families=discrete,sphere,torus,eight-gaussians,checkerboard,digits]
#
# seeds: a count n (seeds 0..n-1) or a comma-separated list (one seed S: "S,"). The clones:
#   git clone https://github.com/facebookresearch/flow_matching   (the recipes were taken at commit 11568d3)
#   git clone https://github.com/rtqichen/torchdiffeq
# PyTorch 1.13, SciPy, POT and Matplotlib from Debian (apt-get install python3-torch python3-scipy python3-pot
# python3-matplotlib), run with /usr/bin/python3 (PYTHON overrides). PEER_STEPS=N trains both sides N steps instead of
# the configs' (a smoke test; the table says when the evaluator got fewer samples than it asks for).
# At full budget one seed of every family (both sides) took about an hour on this 2-core machine at a load average of
# about 8, most of it the peer's width-512 networks on one PyTorch thread (checkerboard about 20 min, sphere and
# torus about 9 min each); the evaluator adds a few minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/experiments/bench"
py="${PYTHON:-/usr/bin/python3}"
seeds="${1:-3}"
out="${2:-$root/runs/peer-$(date +%Y%m%d-%H%M%S)}"
families="${3:-discrete,sphere,torus,eight-gaussians,checkerboard,digits}"
[[ "$seeds" == *,* ]] || seeds=$(seq -s, 0 $((seeds - 1)))
seeds="${seeds%,}"
[ -n "$seeds" ] || { echo "peer_quality.sh: no seeds; give a count (3: seeds 0,1,2) or a list (4,7 or 5,)" >&2; exit 2; }

# family -> config, the peer's script and arguments, the samples each side writes, flowmatch's extra overrides
# (only its own evaluation and plots are cut to what is cheap; none of them changes the samples it writes).
cheap=(eval.trajectories=20 eval.frames=5 eval.resolution=20 likelihood.points=50)
declare -A config=([discrete]=discrete-checkerboard [sphere]=sphere-checkerboard [torus]=torus-checkerboard
  [eight-gaussians]=eight-gaussians [checkerboard]=checkerboard [digits]=digits)
declare -A peer=([discrete]="discrete_checkerboard.py" [sphere]="riemannian.py --manifold sphere"
  [torus]="riemannian.py --manifold torus" [eight-gaussians]="eight_gaussians.py" [checkerboard]="checkerboard.py"
  [digits]="digits.py --guidance 0,1,2")
declare -A samples=([discrete]=50000 [sphere]=2000 [torus]=2000 [eight-gaussians]=10000 [checkerboard]=10000
  [digits]=1000)
declare -A overrides=([discrete]="eval.metrics=[off_support]" [sphere]="eval.metrics=[geodesic_w2] ${cheap[*]}"
  [torus]="eval.metrics=[geodesic_w2] ${cheap[*]}" [eight-gaussians]="eval.metrics=[sliced_w2] ${cheap[*]}"
  [checkerboard]="eval.metrics=[sliced_w2] ${cheap[*]}" [digits]="")
for f in ${families//,/ }; do
  [ -n "${config[$f]+set}" ] || { echo "peer_quality.sh: unknown family '$f'; known: ${!config[*]}" >&2; exit 2; }
done
for var in FLOW_MATCHING TORCHDIFFEQ; do
  [ -d "${!var:-}" ] || { echo "peer_quality.sh: set $var to a clone (see the top of this script)" >&2; exit 2; }
done

# The config's train.steps and train.batch_size: both sides get these.
setting() { awk -v k="$2" '/^[a-z]/ { s = $1 } s == "train:" && $1 == k ":" { print $2; exit }' "$1"; }

mkdir -p "$out/logs"
echo "family,side,seed,wall_s" > "$out/timings.csv"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); flow_matching at" \
  "$(git -C "$FLOW_MATCHING" rev-parse --short HEAD 2>/dev/null || echo '?') (recipes from 11568d3); out: $out"
timed() { # family side seed command...: runs it with its output in the log, appends the wall time
  local log="$out/logs/$1-$2-s$3.log" start wall
  start=$(date +%s.%N)
  "${@:4}" > "$log" 2>&1 || { echo "peer_quality.sh: $1 $2 seed $3 failed; see $log" >&2; tail -5 "$log" >&2; exit 1; }
  wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  echo "$1,$2,$3,$wall" >> "$out/timings.csv"
  echo "  $1 $2 seed $3: $wall s"
}
for f in ${families//,/ }; do
  cfg="$root/experiments/configs/${config[$f]}.yaml"
  steps="${PEER_STEPS:-$(setting "$cfg" steps)}"
  batch="$(setting "$cfg" batch_size)"
  echo "$f: ${config[$f]}.yaml against peer/${peer[$f]%% *}, $steps steps x batch $batch, seeds $seeds"
  for seed in ${seeds//,/ }; do
    # the peer: samples into OUT/<family>/peer-s<seed>.csv (digits: OUT/digits-w<w>/peer-s<seed>.csv)
    dest="$out/$f/peer-s$seed.csv"
    [ "$f" = digits ] && dest="$out/digits-w{w}/peer-s$seed.csv"
    # shellcheck disable=SC2086 # the script and its fixed arguments
    timed "$f" peer "$seed" "$py" "$bench/peer/"${peer[$f]} --seed "$seed" --steps "$steps" --batch "$batch" \
      --samples "${samples[$f]}" --out "$dest"
    # flowmatch: as a user runs it; the run directory is the last line printed
    # shellcheck disable=SC2086 # the overrides are a list
    timed "$f" flowmatch "$seed" "$root/flowmatch" train "$cfg" train.steps="$steps" train.batch_size="$batch" \
      eval.samples="${samples[$f]}" ${overrides[$f]} seed="$seed" --runs "$out/runs"
    run=$(tail -1 "$out/logs/$f-flowmatch-s$seed.log")
    [ -f "$run/samples.csv" ] || { echo "peer_quality.sh: no $run/samples.csv" >&2; exit 1; }
    if [ "$f" = digits ]; then # the run's samples are at the config's guidance, 1; the others by flowmatch sample
      mkdir -p "$out/digits-w0" "$out/digits-w1" "$out/digits-w2"
      cp "$run/samples.csv" "$out/digits-w1/flowmatch-s$seed.csv"
      for w in 0 2; do
        "$root/flowmatch" sample "$run" --class all --n 100 --out "$out/digits-w$w/flowmatch-s$seed.csv" \
          sample.guidance=$w >> "$out/logs/$f-flowmatch-s$seed.log" 2>&1
      done
    else
      cp "$run/samples.csv" "$out/$f/flowmatch-s$seed.csv"
    fi
  done
done
"$py" "$bench/peer/evaluate.py" "$out" | tee "$out/evaluate.log"
