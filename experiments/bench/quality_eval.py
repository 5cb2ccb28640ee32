"""The one evaluator of the quality comparison (docs/performance.md, "Quality at equal budget"): the same statistics,
against the same fresh data draws, for every sample file, whichever side wrote it.

Reads DIR/<arm>-s<seed>.csv (header, then one 2-D sample per line; at least 10,000 lines) and prints one line per
file, then one table row per arm. Statistics (eight Gaussians: centres 5 (cos, sin) of the eight compass directions,
covariance sqrt(0.1) I, the modes known):
  w2_first  exact W2 (POT's ot.emd2, squared Euclidean cost) of the first 2000 samples against 2000 fresh data
            points: the issue's single statistic
  w2_avg    the mean of that over 5 disjoint 2000-sample chunks, each against its own fresh 2000-point data draw
  sw2       sliced W2 of all 10,000 samples against 10,000 fresh data points, 512 fixed random directions
  mode_tv   total variation between the mode weights (each sample to its nearest centre) and 1/8 each
  off_mode  fraction of samples farther than 2 (3.6 standard deviations) from every centre (data: 0.18 %)
The data draws and directions come from a fixed evaluator seed, so every arm meets the same draws. A `data` arm of
fresh true samples (one per seed) shows each statistic's floor: what a perfect model scores.

Usage: /usr/bin/python3 quality_eval.py DIR [reference_arm=torch]
"""
import glob, math, os, re, sys
import numpy as np
import ot
from scipy import stats

folder = sys.argv[1]
reference_arm = sys.argv[2] if len(sys.argv) > 2 else "torch"
N, CHUNK, CHUNKS, DIRECTIONS = 10000, 2000, 5, 512
CENTRES = 5 * np.array([(1, 0), (-1, 0), (0, 1), (0, -1), (1 / math.sqrt(2), 1 / math.sqrt(2)),
                        (1 / math.sqrt(2), -1 / math.sqrt(2)), (-1 / math.sqrt(2), 1 / math.sqrt(2)),
                        (-1 / math.sqrt(2), -1 / math.sqrt(2))])


def eight_gaussians(n, rng):
    return CENTRES[rng.integers(0, 8, n)] + rng.standard_normal((n, 2)) * 0.1 ** 0.25


evaluator = np.random.default_rng(20261129)
draws = [eight_gaussians(CHUNK, evaluator) for _ in range(CHUNKS)]
big_draw = eight_gaussians(N, evaluator)
directions = evaluator.standard_normal((DIRECTIONS, 2))
directions /= np.linalg.norm(directions, axis=1, keepdims=True)
big_sorted = np.sort(big_draw @ directions.T, axis=0)


def w2(x, y):
    u = np.full(len(x), 1 / len(x))
    return math.sqrt(ot.emd2(u, u, ot.dist(x, y), numItermax=10 ** 8))


def statistics(x):
    x = x[:N]
    chunks = [w2(x[k * CHUNK:(k + 1) * CHUNK], draws[k]) for k in range(CHUNKS)]
    d = np.linalg.norm(x[:, None, :] - CENTRES[None, :, :], axis=2)
    weights = np.bincount(d.argmin(1), minlength=8) / len(x)
    sliced = np.sort(x @ directions.T, axis=0)
    return {"w2_first": chunks[0], "w2_avg": float(np.mean(chunks)),
            "sw2": math.sqrt(np.mean((sliced - big_sorted) ** 2)),
            "mode_tv": 0.5 * float(np.abs(weights - 1 / 8).sum()), "off_mode": float((d.min(1) > 2).mean())}


results = {}
for path in sorted(glob.glob(os.path.join(folder, "*-s*.csv"))):
    m = re.fullmatch(r"(.+)-s(\d+)\.csv", os.path.basename(path))
    x = np.loadtxt(path, delimiter=",", skiprows=1)
    if x.shape[0] < N:
        sys.exit(f"quality_eval: {path}: {x.shape[0]} samples, needs {N}")
    results.setdefault(m.group(1), {})[int(m.group(2))] = statistics(x)
seeds = sorted({s for arm in results.values() for s in arm})
results["data"] = {s: statistics(eight_gaussians(N, np.random.default_rng(1000 + s))) for s in seeds}
keys = ["w2_first", "w2_avg", "sw2", "mode_tv", "off_mode"]
for arm, runs in results.items():
    for seed, r in sorted(runs.items()):
        print(f"quality arm={arm} seed={seed} " + " ".join(f"{k}={r[k]:.4f}" for k in keys))


def cell(values):
    v = np.array(values)
    se = v.std(ddof=1) / math.sqrt(len(v)) if len(v) > 1 else float("nan")
    return f"{v.mean():.3f} ± {se:.3f} ({np.median(v):.3f})"


print()
print("mean ± standard error (median) over seeds; lower is better; p: Mann-Whitney U against " + reference_arm
      + " (two-sided), for w2_avg / sw2 / mode_tv")
print("| arm | seeds | " + " | ".join(keys) + " | p |")
print("|---" * (len(keys) + 3) + "|")
for arm, runs in results.items():
    col = {k: [r[k] for r in runs.values()] for k in keys}
    p = ""
    if arm not in (reference_arm, "data") and reference_arm in results:
        ref = {k: [r[k] for r in results[reference_arm].values()] for k in keys}
        p = " / ".join(f"{stats.mannwhitneyu(col[k], ref[k], alternative='two-sided').pvalue:.3f}"
                       for k in ("w2_avg", "sw2", "mode_tv"))
    print(f"| {arm} | {len(runs)} | " + " | ".join(cell(col[k]) for k in keys) + f" | {p} |")
