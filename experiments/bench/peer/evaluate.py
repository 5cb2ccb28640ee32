"""The one evaluator of the peer-quality comparison (experiments/bench/peer_quality.sh): every sample file, from
either side, is scored by the same code against the same reference draws, which come from a fixed evaluator seed.

Reads OUT/<family>/<side>-s<seed>.csv (side: peer or flowmatch; the columns of flowmatch's samples.csv) and
OUT/timings.csv if present; prints one line per file, then one table (also OUT/table.md, OUT/scores.csv), and draws
OUT/<family>/samples.png (the lowest seed of each side beside exact data). A `data` row per family is the floor:
exact draws from the true distribution (one per seed, each from its own evaluator stream), scored the same way.

Families and statistics (lower is better unless marked):
  discrete        50,000 token pairs: kl_support = KL of the histogram over the 8192 support cells of the 128 x 128
                  checkerboard (renormalised) from uniform 1/8192; off_support = the fraction outside the support
  sphere, torus   geodesic W2 (POT's exact ot.emd2, squared geodesic cost: the great-circle angle on S^2; per
                  coordinate wrapped to [-pi, pi) on the flat torus) of the first 2000 samples against each of 5
                  independent 2000-point data draws: w2 = the mean over the 5, w2_lo / w2_hi their range
  checkerboard    the same W2 with the Euclidean cost (FFJORD's board on [-4, 4]^2), off_board = the fraction of
                  all samples outside the board's squares
  eight-gaussians the same W2, and experiments/bench/quality_eval.py's statistics: sw2 (sliced W2 of 10,000
                  samples against 10,000 data points, 512 fixed directions), mode_tv (total variation of the mode
                  weights from 1/8), off_mode (fraction farther than 2 from every centre)
  digits-w<w>     1000 samples at guidance w, labels i mod 10, clamped to the grey levels 0..16; the digits split
                  by the evaluator seed into 70 % classifier rows, 15 % reference rows, 15 % floor rows. A classifier
                  (64 -> 128 -> 64 -> 10, ReLU, inputs standardised with each pixel's scale floored at a quarter of
                  the mean one, Adam 1e-3, batches of 64, 40 epochs; the shape of flowmatch's MlpClassifier) is
                  trained once on the classifier rows: consistency (higher is better) = the fraction classified as
                  their label; frechet = the squared Frechet distance between Gaussians fitted to its penultimate
                  features of the samples and of the reference rows; spread = per class, the RMS distance of the
                  samples to their class mean over that of the reference rows of the class, averaged over classes
                  (1 = as varied as the data). The floor draws 100 floor rows per class with replacement.
Across seeds: the median and an order-statistic interval for it, [x_(j), x_(n+1-j)] with the largest j whose
coverage 1 - 2 P(Bin(n, 1/2) < j) is at least 95 %; with fewer than 6 seeds no such j exists and the interval is
[min, max], whose coverage (75 % at 3 seeds) the table states. p: two-sided Mann-Whitney U (exact) of peer against
flowmatch per statistic (at 3 seeds a side the smallest possible p is 0.1).

Usage: /usr/bin/python3 evaluate.py OUT        (numpy, scipy, POT, matplotlib; PyTorch for the digits classifier)
"""
import csv, glob, gzip, math, os, re, sys, zlib

import numpy as np
import ot
from scipy import stats

EVALUATOR_SEED = 20261207
DRAWS, CHUNK = 5, 2000
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../..")
DIGITS = os.path.join(ROOT, "models/src/main/resources/org/flowmatch/models/data/digits.csv.gz")


def rng(*key):
    return np.random.default_rng([EVALUATOR_SEED, *key])


# ---- the true distributions, written from their definitions (not from either side's code)
def board(n, g):
    """Uniform on the even squares of side 1 of the 4 x 4 board on [-2, 2]^2 ([0, 1)^2 occupied)."""
    x = g.uniform(-2, 2, n)
    y = g.uniform(0, 1, n) - 2 * g.integers(0, 2, n) + np.floor(x) % 2
    return np.stack([x, y], 1)


def sphere_board(n, g):
    v = board(n, g) / 2  # tangent vectors at the north pole, exp map
    r = np.linalg.norm(v, axis=1, keepdims=True)
    return np.concatenate([np.sin(r) * v / r, np.cos(r)], 1)


CENTRES = 5 * np.array([(1, 0), (-1, 0), (0, 1), (0, -1)] + [(a / math.sqrt(2), b / math.sqrt(2))
                                                              for a in (1, -1) for b in (1, -1)])


def eight_gaussians(n, g):
    return CENTRES[g.integers(0, 8, n)] + g.standard_normal((n, 2)) * 0.1 ** 0.25


SUPPORT = ((np.arange(128)[:, None] // 32 + np.arange(128)[None, :] // 32) % 2 == 0).ravel()


def tokens(n, g):
    cells = np.flatnonzero(SUPPORT)[g.integers(0, SUPPORT.sum(), n)]
    return np.stack([cells // 128, cells % 128], 1)


# ---- statistics
def w2(x, y, cost):
    return math.sqrt(ot.emd2(ot.unif(len(x)), ot.unif(len(y)), cost(x, y), numItermax=10 ** 8))


def euclid(x, y):
    return ot.dist(x, y)


def great_circle(x, y):
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    return np.arccos(np.clip(x @ y.T, -1, 1)) ** 2


def flat_torus(x, y):
    d = (x[:, None, :] - y[None, :, :] + math.pi) % (2 * math.pi) - math.pi
    return (d ** 2).sum(-1)


def w2_draws(x, refs, cost):
    v = [w2(x[:CHUNK], r, cost) for r in refs]
    return {"w2": float(np.mean(v)), "w2_lo": min(v), "w2_hi": max(v)}


class Discrete:
    n, header, stats = 50000, "token0,token1", ["kl_support", "off_support"]

    def __init__(self, name):
        self.name = name

    def draw(self, n, g):
        return tokens(n, g)

    def score(self, x):
        x = x.astype(np.int64)
        inside = (x >= 0).all(1) & (x < 128).all(1)
        counts = np.bincount(x[inside, 0] * 128 + x[inside, 1], minlength=128 * 128)[SUPPORT]
        q = counts[counts > 0] / counts.sum()
        return {"kl_support": float((q * np.log(q * SUPPORT.sum())).sum()),
                "off_support": 1 - counts.sum() / len(x)}

    def picture(self, ax, x):
        h = np.histogram2d(x[:, 0], x[:, 1], bins=128, range=[[0, 128], [0, 128]])[0]
        ax.imshow(h.T, origin="lower", cmap="viridis", vmax=np.quantile(h, 0.95), extent=(0, 128, 0, 128))


class Continuous:
    """sphere, torus, checkerboard and eight-gaussians: W2 against DRAWS reference draws (+ extras)."""
    specs = {  # name: (samples needed, data, cost)
        "sphere": (2000, sphere_board, great_circle),
        "torus": (2000, lambda n, g: board(n, g) % (2 * math.pi), flat_torus),
        "checkerboard": (10000, lambda n, g: 2 * board(n, g), euclid),
        "eight-gaussians": (10000, eight_gaussians, euclid),
    }

    def __init__(self, name):
        self.name = name
        self.n, self.data, self.cost = self.specs[name]
        g = rng(zlib.crc32(name.encode()))
        self.refs = [self.data(CHUNK, g) for _ in range(DRAWS)]
        self.stats = ["w2", "w2_lo", "w2_hi"] + {"checkerboard": ["off_board"],
                                                 "eight-gaussians": ["sw2", "mode_tv", "off_mode"]}.get(name, [])
        if name == "eight-gaussians":
            self.directions = g.standard_normal((512, 2))
            self.directions /= np.linalg.norm(self.directions, axis=1, keepdims=True)
            self.big = np.sort(self.data(self.n, g) @ self.directions.T, axis=0)

    def draw(self, n, g):
        return self.data(n, g)

    def score(self, x):
        s = w2_draws(x, self.refs, self.cost)
        if self.name == "checkerboard":
            i, j = np.floor(x[:, 0] / 2), np.floor(x[:, 1] / 2)
            on = (i >= -2) & (i <= 1) & (j >= -2) & (j <= 1) & ((i + j) % 2 == 0)
            s["off_board"] = 1 - on.mean()
        if self.name == "eight-gaussians":
            x = x[:self.n]
            d = np.linalg.norm(x[:, None, :] - CENTRES[None], axis=2)
            weights = np.bincount(d.argmin(1), minlength=8) / len(x)
            big = self.big[((np.arange(len(x)) + 0.5) * len(self.big) / len(x)).astype(int)]  # its quantiles
            s["sw2"] = math.sqrt(np.mean((np.sort(x @ self.directions.T, axis=0) - big) ** 2))
            s["mode_tv"] = 0.5 * float(np.abs(weights - 1 / 8).sum())
            s["off_mode"] = float((d.min(1) > 2).mean())
        return s

    def picture(self, ax, x):
        if self.name == "sphere":  # the log map at the north pole: the plane the board was wrapped from
            x = x / np.linalg.norm(x, axis=1, keepdims=True)
            r = np.linalg.norm(x[:, :2], axis=1, keepdims=True)
            x = np.arccos(np.clip(x[:, 2:], -1, 1)) * x[:, :2] / np.maximum(r, 1e-12)
            ax.set_xlabel("log map at the north pole", fontsize=8)
        if self.name == "torus":  # angles in [-pi, pi): the board centred, not cut by the wrap
            x = (x + math.pi) % (2 * math.pi) - math.pi
            ax.set_xlabel("angles wrapped to [-pi, pi)", fontsize=8)
        ax.scatter(x[:, 0], x[:, 1], s=1.5 if len(x) <= 2000 else 0.5, alpha=0.5, color="k", linewidths=0)
        lim = {"sphere": (-1.6, 1.6), "torus": (-math.pi, math.pi), "checkerboard": (-4.5, 4.5)}.get(self.name, (-7, 7))
        ax.set_xlim(*lim)
        ax.set_ylim(*lim)


class Digits:
    n, stats = 1000, ["consistency", "frechet", "spread"]
    shared = None

    def __init__(self, name):
        self.name = name
        if Digits.shared is None:
            Digits.shared = self.fit()
        self.__dict__.update(Digits.shared)

    @staticmethod
    def fit():
        import torch
        torch.set_num_threads(1)
        torch.manual_seed(EVALUATOR_SEED)
        with gzip.open(DIGITS, "rt") as f:
            table = np.loadtxt(f, delimiter=",")
        perm = rng(zlib.crc32(b"digits")).permutation(len(table))
        a, b = round(0.7 * len(table)), round(0.85 * len(table))
        train, ref, floor = (table[perm[:a]], table[perm[a:b]], table[perm[b:]])
        mean, std = train[:, :64].mean(0), train[:, :64].std(0)
        std = np.maximum(std, 0.25 * std.mean())
        body = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64),
                                   torch.nn.ReLU())
        head = torch.nn.Linear(64, 10)
        opt = torch.optim.Adam(list(body.parameters()) + list(head.parameters()), 1e-3)
        x = torch.tensor((train[:, :64] - mean) / std, dtype=torch.float32)
        y = torch.tensor(train[:, 64], dtype=torch.int64)
        for _ in range(40):
            for idx in torch.randperm(len(x)).split(64):
                opt.zero_grad()
                torch.nn.functional.cross_entropy(head(body(x[idx])), y[idx]).backward()
                opt.step()

        def classify(pixels):
            with torch.no_grad():
                f = body(torch.tensor((np.clip(pixels, 0, 16) - mean) / std, dtype=torch.float32))
                return head(f).argmax(1).numpy(), f.numpy().astype(np.float64)

        accuracy = (classify(floor[:, :64])[0] == floor[:, 64]).mean()
        print(f"digits classifier: {len(train)} rows, accuracy {accuracy:.3f} on the {len(floor)} floor rows "
              f"(evaluator seed {EVALUATOR_SEED})")
        ref_features = classify(ref[:, :64])[1]
        ref_spread = [rms_spread(ref[ref[:, 64] == c, :64]) for c in range(10)]
        return dict(classify=classify, ref=ref, floor=floor, ref_features=ref_features, ref_spread=ref_spread)

    def draw(self, n, g):
        rows = [self.floor[g.choice(np.flatnonzero(self.floor[:, 64] == c))] for c in np.arange(n) % 10]
        return np.array(rows)

    def score(self, x):
        pixels, labels = np.clip(x[:, :64], 0, 16), x[:, 64].astype(np.int64)
        predicted, features = self.classify(pixels)
        spread = [rms_spread(pixels[labels == c]) / self.ref_spread[c] for c in range(10)]
        return {"consistency": float((predicted == labels).mean()),
                "frechet": frechet(features, self.ref_features), "spread": float(np.mean(spread))}

    def picture(self, ax, x):
        grid = np.zeros((10 * 9, 8 * 9))
        for c in range(10):
            rows = x[x[:, 64] == c][:8, :64]
            for k, r in enumerate(rows):
                grid[c * 9:c * 9 + 8, k * 9:k * 9 + 8] = np.clip(r, 0, 16).reshape(8, 8)
        ax.imshow(grid, cmap="gray_r", vmin=0, vmax=16)


def rms_spread(x):
    return math.sqrt(((x - x.mean(0)) ** 2).sum(1).mean())


def psd_sqrt(m):
    w, v = np.linalg.eigh((m + m.T) / 2)
    return (v * np.sqrt(np.clip(w, 0, None))) @ v.T


def frechet(f1, f2):
    m1, m2, s1, s2 = f1.mean(0), f2.mean(0), np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    a = psd_sqrt(s1)
    return float(((m1 - m2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(psd_sqrt(a @ s2 @ a)))


def family(name):
    if name == "discrete":
        return Discrete(name)
    if name.startswith("digits"):
        return Digits(name)
    return Continuous(name)


# ---- across seeds
def interval(values):
    v, n = np.sort(values), len(values)
    j = max([k for k in range(1, n // 2 + 1) if 1 - 2 * stats.binom.cdf(k - 1, n, 0.5) >= 0.95] or [1])
    return np.median(v), v[j - 1], v[n - j], 1 - 2 * stats.binom.cdf(j - 1, n, 0.5)


def main(out):
    order = ["discrete", "sphere", "torus", "eight-gaussians", "checkerboard", "digits-w0", "digits-w1", "digits-w2"]
    found = sorted({os.path.basename(os.path.dirname(p)) for p in glob.glob(os.path.join(out, "*", "*-s*.csv"))},
                   key=lambda f: order.index(f) if f in order else len(order))
    timings = {}
    if os.path.exists(os.path.join(out, "timings.csv")):
        for r in csv.DictReader(open(os.path.join(out, "timings.csv"))):
            timings.setdefault((r["family"], r["side"]), []).append(float(r["wall_s"]))
    rows, lines = [], []
    for name in found:
        fam = family(name)
        files = {}
        for path in glob.glob(os.path.join(out, name, "*-s*.csv")):
            m = re.fullmatch(r"(.+)-s(\d+)\.csv", os.path.basename(path))
            files.setdefault(m.group(1), {})[int(m.group(2))] = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
        n = min(len(x) for side in files.values() for x in side.values())
        note = "" if n >= fam.n else f" (only {n} samples: a smoke test; the floor uses as many)"
        seeds = sorted({s for side in files.values() for s in side})
        files["data"] = {s: fam.draw(min(n, fam.n), rng(zlib.crc32(name.encode()), 1000 + s)) for s in seeds}
        scores = {}
        for side in ("peer", "flowmatch", "data"):
            for seed, x in sorted(files.get(side, {}).items()):
                s = fam.score(x[:fam.n])
                scores.setdefault(side, {})[seed] = s
                lines.append(dict(family=name, side=side, seed=seed, **s))
                print(f"score family={name} side={side} seed={seed} " + " ".join(f"{k}={v:.4f}" for k, v in s.items()),
                      flush=True)
        if note:
            print(f"note: {name}{note}")
        for side in ("peer", "flowmatch", "data"):
            if side not in scores:
                continue
            cells, ps = [], []
            for k in fam.stats[:1] + [s for s in fam.stats[1:] if not s.startswith("w2_")]:
                v = [r[k] for r in scores[side].values()]
                med, lo, hi, cov = interval(v)
                cells.append(f"{k} {med:.4g} [{lo:.4g}, {hi:.4g}]")
                if side == "flowmatch" and "peer" in scores:
                    peer = [r[k] for r in scores["peer"].values()]
                    ps.append(f"{stats.mannwhitneyu(peer, v, alternative='two-sided').pvalue:.2g}")
            if fam.stats[0] == "w2":
                cells[0] += f" (draws {min(r['w2_lo'] for r in scores[side].values()):.4g}-" \
                            f"{max(r['w2_hi'] for r in scores[side].values()):.4g})"
            wall = timings.get((name.split("-w")[0] if name.startswith("digits") else name, side))
            rows.append((name, side, len(scores[side]), f"{cov:.0%}", "; ".join(cells), " / ".join(ps),
                         f"{np.median(wall):.0f}" if wall else ""))
        picture(out, name, fam, files, scores)
    head = ("| family | side | seeds | coverage | median [interval] of each statistic | p (Mann-Whitney, peer vs"
            " flowmatch, per statistic) | wall s / seed |")
    table = [head, "|---" * 7 + "|"] + ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    legend = ("peer: flow_matching's notebook recipe (eight-gaussians: torchcfm's; digits: flowmatch's recipe in "
              "PyTorch with flow_matching's classes); flowmatch: the shipped config; data: exact draws (the floor). "
              "Lower is better except consistency (higher) and spread (1 = as varied as the data). Interval: "
              "order-statistic interval for the median with the stated coverage ((draws lo-hi): the range over the "
              f"{DRAWS} reference draws, all seeds). Wall: the whole run (training, sampling, flowmatch's own "
              "evaluation and plots, JVM start), one process at a time on this machine.")
    print("\n" + "\n".join(table) + "\n\n" + legend)
    with open(os.path.join(out, "table.md"), "w") as f:
        f.write("\n".join(table) + "\n\n" + legend + "\n")
    keys = sorted({k for r in lines for k in r} - {"family", "side", "seed"})
    with open(os.path.join(out, "scores.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, ["family", "side", "seed"] + keys)
        w.writeheader()
        w.writerows(lines)


def picture(out, name, fam, files, scores):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    sides = [s for s in ("peer", "flowmatch", "data") if files.get(s)]
    fig, axes = plt.subplots(1, len(sides), figsize=(4.2 * len(sides), 4.6 if name.startswith("digits") else 4.4))
    for ax, side in zip(np.atleast_1d(axes), sides):
        seed = min(files[side])
        fam.picture(ax, files[side][seed][:fam.n])
        s = scores[side][seed]
        ax.set_title(f"{name}: {side} (seed {seed})\n" + ", ".join(f"{k} {s[k]:.3g}" for k in fam.stats
                                                          if not k.startswith("w2_")), fontsize=9)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(os.path.join(out, name, "samples.png"), dpi=110, bbox_inches="tight")
    plt.close(fig)


if __name__ == "__main__":
    main(sys.argv[1])
