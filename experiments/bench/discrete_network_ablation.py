"""Why the one-hot posterior network trained worse than flow_matching's (docs/discrete.md, "What made the difference").

flow_matching's own 2-D discrete recipe (examples/2d_discrete_flow_matching.ipynb, facebookresearch/flow_matching
commit 11568d3: MixtureDiscreteProbPath with kappa = t^2, MixturePathGeneralizedKL, Adam 1e-3, uniform source,
t ~ U[0, 1 - 1e-3), MixtureDiscreteEulerSolver with step 1/64 on [0, 1 - 1e-3]) at 3000 steps of 1024, with the
network swapped, everything else unchanged:
  notebook      the notebook's MLP: shared token embedding (nn.Embedding, N(0, 1)) and Linear(1, 1) time, Swish
                on both, three Swish layers of 128
  no-swish      the same without the Swish on the embeddings (the first layer is then linear in the one-hot tokens)
  unshared      one embedding table per position instead of one shared
  one-hot       one-hot tokens and t into the first Linear (PyTorch's default init): this framework's former network
  one-hot-n01   the same with the first layer's weights drawn N(0, 1), as an embedding's are
Scores 50,000 samples: KL on the support (the histogram over the 8192 support cells, renormalised, against 1/8192) and
the mass off the support; the final loss is the mean of the last 100 steps.

Usage: PYTHONPATH=../shared/peer:$FLOW_MATCHING:$TORCHDIFFEQ /usr/bin/python3 experiments/bench/discrete_network_ablation.py \
         [networks=notebook,no-swish,unshared,one-hot,one-hot-n01] [seeds=0,1,2] [steps=3000]
"""
import sys, time
import numpy as np
import torch
from torch import nn
from flow_matching.loss import MixturePathGeneralizedKL
from flow_matching.path import MixtureDiscreteProbPath
from flow_matching.path.scheduler import PolynomialConvexScheduler
from flow_matching.solver import MixtureDiscreteEulerSolver
from flow_matching.utils import ModelWrapper

torch.set_num_threads(1)
V, H, BATCH, SAMPLES = 128, 128, 1024, 50000
networks = (sys.argv[1] if len(sys.argv) > 1 else "notebook,no-swish,unshared,one-hot,one-hot-n01").split(",")
seeds = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "0,1,2").split(",")]
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 3000


def checkerboard(n):  # the notebook's inf_train_gen
    g = V // 4
    x1 = torch.randint(0, V, (n,))
    x2 = torch.randint(0, g, (n,)) + 2 * g - torch.randint(0, 2, (n,)) * 2 * g + (torch.floor(x1 / g) % 2) * g
    return torch.cat([x1[:, None], x2[:, None]], 1).long()


class Swish(nn.Module):
    def forward(self, x):
        return torch.sigmoid(x) * x


def head(width):
    return [nn.Linear(width, H), Swish(), nn.Linear(H, H), Swish(), nn.Linear(H, H), Swish(), nn.Linear(H, 2 * V)]


class Embedded(nn.Module):
    def __init__(self, swish=True, shared=True):
        super().__init__()
        self.time = nn.Linear(1, 1)
        self.tables = nn.ModuleList([nn.Embedding(V, H) for _ in range(1 if shared else 2)])
        self.main = nn.Sequential(Swish() if swish else nn.Identity(), *head(2 * H + 1))

    def forward(self, x, t):
        e = [self.tables[i % len(self.tables)](x[:, i]) for i in range(2)]
        return self.main(torch.cat(e + [self.time(t[:, None])], 1)).reshape(len(x), 2, V)


class OneHot(nn.Module):
    def __init__(self, n01=False):
        super().__init__()
        self.main = nn.Sequential(*head(2 * V + 1))
        if n01:
            with torch.no_grad():
                self.main[0].weight.normal_(0, 1)

    def forward(self, x, t):
        h = torch.cat([nn.functional.one_hot(x, V).float().reshape(len(x), -1), t[:, None]], 1)
        return self.main(h).reshape(len(x), 2, V)


MAKE = {"notebook": lambda: Embedded(), "no-swish": lambda: Embedded(swish=False),
        "unshared": lambda: Embedded(shared=False), "one-hot": lambda: OneHot(), "one-hot-n01": lambda: OneHot(True)}


class Probabilities(ModelWrapper):
    def forward(self, x, t, **extras):
        return torch.softmax(self.model(x, t), -1)


def run(name, seed):
    torch.manual_seed(seed)
    net = MAKE[name]()
    path = MixtureDiscreteProbPath(scheduler=PolynomialConvexScheduler(n=2.0))
    loss_fn = MixturePathGeneralizedKL(path=path)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    start, losses = time.time(), []
    for _ in range(steps):
        opt.zero_grad()
        x1 = checkerboard(BATCH)
        t = torch.rand(BATCH) * (1 - 1e-3)
        xt = path.sample(t=t, x_0=torch.randint_like(x1, high=V), x_1=x1).x_t
        loss = loss_fn(logits=net(xt, t), x_1=x1, x_t=xt, t=t)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    train_s = time.time() - start
    solver = MixtureDiscreteEulerSolver(model=Probabilities(net), path=path, vocabulary_size=V)
    with torch.no_grad():
        x = solver.sample(x_init=torch.randint(0, V, (SAMPLES, 2)), step_size=1 / 64,
                          time_grid=torch.tensor([0.0, 1 - 1e-3])).numpy()
    on = (x[:, 0] // (V // 4) + x[:, 1] // (V // 4)) % 2 == 0
    q = np.bincount(x[on, 0] * V + x[on, 1], minlength=V * V) / on.sum()
    q = q[q > 0]
    kl = float((q * np.log(q * (V * V // 2))).sum())
    print(f"network={name} seed={seed} steps={steps} kl_support={kl:.3f} off_support={1 - on.mean():.4f} "
          f"final_loss={np.mean(losses[-100:]):.3f} train_s={train_s:.0f}", flush=True)


for name in networks:
    for seed in seeds:
        run(name, seed)
