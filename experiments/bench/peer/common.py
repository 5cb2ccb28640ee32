"""Shared helpers of the peer-quality scripts (experiments/bench/peer_quality.sh runs them).

The recipes come from facebookresearch/flow_matching's example notebooks at commit 11568d3 (each script names its
notebook and what it changes). flow_matching and torchdiffeq are not pip-installed here: clone them and name the
clones in the environment,
    git clone https://github.com/facebookresearch/flow_matching   # the recipes were taken at commit 11568d3
    git clone https://github.com/rtqichen/torchdiffeq
    FLOW_MATCHING=/path/to/flow_matching TORCHDIFFEQ=/path/to/torchdiffeq /usr/bin/python3 SCRIPT ...
(PyTorch, SciPy, POT and Matplotlib from Debian: apt-get install python3-torch python3-scipy python3-pot
python3-matplotlib.) flow_matching imports torch.func, which Debian's PyTorch 1.13 lacks; flow_matching() below maps
it to functorch first, as shared/peer/sitecustomize.py does.

Every script takes --seed, --steps, --batch, --samples and --out (a CSV in the columns of flowmatch's samples.csv),
runs PyTorch on one thread (faster than two for these small networks on the 2-core machine) and prints one line:
`peer script=... seed=... train_s=... sample_s=... final_loss=...`.
"""
import argparse, os, sys, time, types

import torch
from torch import nn, Tensor

FLOW_MATCHING_COMMIT = "11568d3"


def flow_matching():
    """Puts the clones named by FLOW_MATCHING and TORCHDIFFEQ on the path (and torch.func on 1.13's functorch)."""
    for var in ("FLOW_MATCHING", "TORCHDIFFEQ"):
        where = os.environ.get(var)
        if not where or not os.path.isdir(where):
            sys.exit(f"{os.path.basename(sys.argv[0])}: set {var} to a clone of "
                     + ("github.com/facebookresearch/flow_matching (commit 11568d3)" if var == "FLOW_MATCHING"
                        else "github.com/rtqichen/torchdiffeq") + f"; got {where!r}")
        sys.path.insert(0, where)
    if not hasattr(torch, "func"):
        import functorch
        m = types.ModuleType("torch.func")
        m.jvp, m.vmap, m.grad = functorch.jvp, functorch.vmap, functorch.grad
        sys.modules["torch.func"] = m
        torch.func = m


def arguments(steps, batch, samples, extra=None):
    """The common command line; the defaults are the equal budget of the family (its flowmatch config's)."""
    p = argparse.ArgumentParser(description=sys.modules["__main__"].__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=steps)
    p.add_argument("--batch", type=int, default=batch)
    p.add_argument("--samples", type=int, default=samples)
    p.add_argument("--out", required=True, help="the samples CSV to write")
    for name, kwargs in (extra or {}).items():
        p.add_argument(name, **kwargs)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    return a


class Swish(nn.Module):
    """The notebooks' activation, x sigmoid(x)."""

    def forward(self, x: Tensor) -> Tensor:
        return torch.sigmoid(x) * x


def checkerboard(batch_size):
    """The notebooks' inf_train_gen: uniform on the even squares of side 1 of the 4 x 4 board on [-2, 2]^2."""
    x1 = torch.rand(batch_size) * 4 - 2
    x2_ = torch.rand(batch_size) - torch.randint(high=2, size=(batch_size,)) * 2
    x2 = x2_ + (torch.floor(x1) % 2)
    return torch.cat([x1[:, None], x2[:, None]], dim=1).float()


def train(step, params, steps, lr=1e-3, lr_at=None, after=None):
    """Adam (at a constant rate, as the notebooks, unless lr_at(i) gives step i's rate); step(i) returns the batch's
    loss, after(i) runs after each update. Returns (seconds, losses)."""
    optim = torch.optim.Adam(params, lr=lr)
    start, losses = time.perf_counter(), []
    for i in range(steps):
        if lr_at:
            for g in optim.param_groups:
                g["lr"] = lr_at(i)
        optim.zero_grad()
        loss = step(i)
        loss.backward()
        optim.step()
        if after:
            after(i)
        losses.append(loss.item())
        if (i + 1) % max(1, steps // 5) == 0:
            print(f"  step {i + 1}/{steps} loss {loss.item():.4f}", file=sys.stderr, flush=True)
    return time.perf_counter() - start, losses


def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        f.writelines(",".join(repr(v) for v in row) + "\n" for row in rows)


def report(args, train_s, sample_s, losses, out=None):
    tail = losses[-100:]
    loss = f" final_loss={sum(tail) / len(tail):.4f}" if tail else ""
    print(f"peer script={os.path.basename(sys.argv[0])} seed={args.seed} steps={args.steps} batch={args.batch} "
          f"train_s={train_s:.1f} sample_s={sample_s:.1f}{loss} -> {out or args.out}", flush=True)


class DiscreteMLP(nn.Module):
    """examples/2d_discrete_flow_matching.ipynb's MLP, as written there (also the fixture of NotebookParityTest)."""

    def __init__(self, input_dim: int = 128, time_dim: int = 1, hidden_dim=128, length=2):
        super().__init__()
        self.input_dim = input_dim
        self.time_embedding = nn.Linear(1, time_dim)
        self.token_embedding = torch.nn.Embedding(self.input_dim, hidden_dim)
        self.main = nn.Sequential(
            Swish(), nn.Linear(hidden_dim * length + time_dim, hidden_dim),
            Swish(), nn.Linear(hidden_dim, hidden_dim),
            Swish(), nn.Linear(hidden_dim, hidden_dim),
            Swish(), nn.Linear(hidden_dim, self.input_dim * length))

    def forward(self, x, t):
        t = self.time_embedding(t.unsqueeze(-1))
        x = self.token_embedding(x)
        B, N, d = x.shape
        h = torch.cat([x.reshape(B, N * d), t], dim=1)
        return self.main(h).reshape(B, N, self.input_dim)
