"""Peer side of the class-conditional digits with classifier-free guidance. flow_matching (commit 11568d3) has no
digits notebook: this is experiments/configs/digits.yaml's recipe written in PyTorch with flow_matching's classes.

Data: the 1797 UCI digits the repository ships (models/src/main/resources/org/flowmatch/models/data/digits.csv.gz,
64 grey levels 0..16 and the label), 180 rows (a tenth) held out by a permutation drawn from the seed and never
trained on, the rest min-max normalised per pixel to [-1, 1] (fitted on the training rows; a constant pixel only
shifted), as flowmatch's `digits` dataset does (models/.../files/FileDatasets.java, core/.../Normalization.java).
Model, as flowmatch's `mlp` (models/.../mlp/MlpSpec.java, TimeEmbedding.java, MlpNetwork.java): input x (64), the
time features t, sin(pi 2^j t), cos(pi 2^j t) for j = 0..3 (time_embedding: fourier, 4 frequencies), then the
one-hot class (all zeros for "none"); 3 hidden layers of 256 with SiLU; a linear output of 64; PyTorch's default
nn.Linear initialisation (which MlpNetwork.initialize also uses).
Training, as flowmatch's CfmTrainer with the config's settings: AffineProbPath with CondOTScheduler (x_t =
(1 - t) x0 + t x1, target x1 - x0), x0 ~ N(0, I), t ~ U[0, 1), rows drawn uniformly with replacement from the
training rows, each row's class dropped with probability 0.1 (train.uncond_prob's default; flow_matching's image
example drops the whole batch's labels with probability 0.2 instead), mean squared error, Adam 1e-3 with a linear
warm-up over 100 steps then a cosine decay to 0.1 of the peak (train.schedule: warmup-cosine), EMA of the weights
with decay min(0.999, (1 + k) / (10 + k)) at step k (train.ema_decay: 0.999), the EMA weights sampled.
Sampling: flow_matching's ODESolver, midpoint, step 1/25 (solver: midpoint, steps: 25), from N(0, I), 1000 samples
with classes 0, 1, ..., 9, 0, ... (sample i of class i mod 10, as flowmatch's evaluation), the same noise at every
guidance weight, guided as flow_matching's examples/image/training/eval_loop.py (CFGScaledModel) and flowmatch's
core/.../ClassifierFreeGuidance.java both do: v = (1 + w) v(x, t | c) - w v(x, t | none), w = 0 the plain
conditional field. Samples are written in grey levels (un-normalised), not clamped.
Budget: 4000 steps x batch 256, the config's. --out is a pattern with {w}: one file per --guidance weight, columns
dim0..dim63,label (as flowmatch's samples.csv).
"""
import copy, gzip, math, os, time

import numpy as np
import torch
from torch import nn

from common import arguments, flow_matching, report, train, write_csv

flow_matching()
from flow_matching.path import AffineProbPath
from flow_matching.path.scheduler import CondOTScheduler
from flow_matching.solver import ODESolver
from flow_matching.utils import ModelWrapper

DIGITS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../models/src/main/resources/org/flowmatch"
                      "/models/data/digits.csv.gz")
args = arguments(steps=4000, batch=256, samples=1000,
                 extra={"--guidance": dict(default="0,1,2", help="comma-separated weights w")})

with gzip.open(DIGITS, "rt") as f:
    table = np.loadtxt(f, delimiter=",")
held = np.random.default_rng(args.seed).permutation(len(table))[:round(0.1 * len(table))]
rows = np.delete(table, held, axis=0)
pixels, labels = rows[:, :64], rows[:, 64].astype(np.int64)
lo, hi = pixels.min(0), pixels.max(0)
shift, scale = (hi + lo) / 2, np.where(hi > lo, (hi - lo) / 2, 1.0)
x_train = torch.tensor((pixels - shift) / scale, dtype=torch.float32)
y_train = torch.tensor(labels)


class Net(nn.Module):
    def __init__(self, dim=64, classes=10, width=256, depth=3, frequencies=4):
        super().__init__()
        self.classes, self.frequencies = classes, frequencies
        sizes = [dim + 1 + 2 * frequencies + classes] + [width] * depth
        layers = []
        for a, b in zip(sizes, sizes[1:]):
            layers += [nn.Linear(a, b), nn.SiLU()]
        self.main = nn.Sequential(*layers, nn.Linear(width, dim))

    def forward(self, x, t, label=None):
        """label: class per row, -1 (or None for all rows) for no condition."""
        t = t.reshape(-1, 1).expand(x.shape[0], 1)
        omega = math.pi * 2.0 ** torch.arange(self.frequencies)
        time = torch.cat([t, torch.sin(omega * t), torch.cos(omega * t)], 1)
        onehot = torch.zeros(x.shape[0], self.classes)
        if label is not None:
            keep = label >= 0
            onehot[keep] = nn.functional.one_hot(label[keep], self.classes).float()
        return self.main(torch.cat([x, time, onehot], 1))


class CFGScaledModel(ModelWrapper):  # as examples/image/training/eval_loop.py
    def forward(self, x, t, cfg_scale, label):
        if cfg_scale != 0.0:
            return (1.0 + cfg_scale) * self.model(x, t, label) - cfg_scale * self.model(x, t, None)
        return self.model(x, t, label)


net = Net()
ema = copy.deepcopy(net)
path = AffineProbPath(scheduler=CondOTScheduler())


def step(_):
    pick = torch.randint(len(x_train), (args.batch,))
    x_1, label = x_train[pick], y_train[pick].clone()
    x_0 = torch.randn_like(x_1)
    t = torch.rand(args.batch)
    label[torch.rand(args.batch) < 0.1] = -1
    path_sample = path.sample(t=t, x_0=x_0, x_1=x_1)
    return torch.pow(net(path_sample.x_t, path_sample.t, label) - path_sample.dx_t, 2).mean()


def lr_at(k, lr=1e-3, warmup=100, floor=0.1):
    if k < warmup:
        return lr * (k + 1) / warmup
    progress = min(1.0, (k - warmup) / max(1, args.steps - warmup - 1))
    return lr * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))


def update_ema(k):
    decay = min(0.999, (1.0 + k) / (10.0 + k))
    with torch.no_grad():
        for e, p in zip(ema.parameters(), net.parameters()):
            e.mul_(decay).add_(p, alpha=1 - decay)


train_s, losses = train(step, net.parameters(), args.steps, lr_at=lr_at, after=update_ema)
x_init = torch.randn(args.samples, 64)
label = torch.arange(args.samples) % 10
for w in [float(v) for v in args.guidance.split(",")]:
    start = time.perf_counter()
    with torch.no_grad():
        x = ODESolver(velocity_model=CFGScaledModel(ema)).sample(
            time_grid=torch.tensor([0.0, 1.0]), x_init=x_init, method="midpoint", step_size=1 / 25, cfg_scale=w,
            label=label)
    grey = x.numpy().astype(np.float64) * scale + shift
    out = args.out.format(w=f"{w:g}")
    write_csv(out, [f"dim{j}" for j in range(64)] + ["label"],
              [list(r) + [int(c)] for r, c in zip(grey.tolist(), label.tolist())])
    report(args, train_s, time.perf_counter() - start, losses, out)
