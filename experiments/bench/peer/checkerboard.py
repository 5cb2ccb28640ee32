"""Peer side of the continuous 2-D checkerboard: flow_matching's examples/2d_flow_matching.ipynb (commit 11568d3).

As in the notebook: source N(0, I), its MLP (Linear on (x, t), hidden width 512, 4 Swish layers, 5 linear layers in
all), AffineProbPath with CondOTScheduler, the plain L2 loss on dx_t, Adam 1e-3, ODESolver midpoint with step 0.05
(20 steps) from N(0, I) noise.
Changed: the data's scale. The notebook's inf_train_gen returns the board on [-2, 2]^2 divided by 0.45; flowmatch's
`checkerboard` (experiments/configs/checkerboard.yaml) is FFJORD's board on [-4, 4]^2, i.e. the notebook's points
before the division times 2. So that both sides face the same problem the notebook's points are multiplied by 0.9
(= 2 x 0.45) here. Also: steps and batch set to the equal budget (notebook: 20,001 x 4096; here 8000 x 1024, the
flowmatch config's), the seed (notebook: 42) an argument, one thread, 10,000 samples instead of 50,000, time grid
[0, 1] without intermediates (the same 20 steps), no plots or likelihoods.
Writes --out with the columns dim0,dim1.
"""
import time

import torch
from torch import nn, Tensor

from common import Swish, arguments, checkerboard, flow_matching, report, train, write_csv

flow_matching()
from flow_matching.path import AffineProbPath
from flow_matching.path.scheduler import CondOTScheduler
from flow_matching.solver import ODESolver
from flow_matching.utils import ModelWrapper

args = arguments(steps=8000, batch=1024, samples=10000)


def inf_train_gen(batch_size: int = 200):
    return 1.0 * checkerboard(batch_size) / 0.45 * 0.9  # the notebook's data, then x 0.9: FFJORD's [-4, 4]^2


class MLP(nn.Module):  # the notebook's
    def __init__(self, input_dim: int = 2, time_dim: int = 1, hidden_dim: int = 128):
        super().__init__()
        self.input_dim = input_dim
        self.time_dim = time_dim
        self.main = nn.Sequential(
            nn.Linear(input_dim + time_dim, hidden_dim), Swish(),
            nn.Linear(hidden_dim, hidden_dim), Swish(),
            nn.Linear(hidden_dim, hidden_dim), Swish(),
            nn.Linear(hidden_dim, hidden_dim), Swish(),
            nn.Linear(hidden_dim, input_dim))

    def forward(self, x: Tensor, t: Tensor) -> Tensor:
        sz = x.size()
        x = x.reshape(-1, self.input_dim)
        t = t.reshape(-1, self.time_dim).float()
        t = t.reshape(-1, 1).expand(x.shape[0], 1)
        return self.main(torch.cat([x, t], dim=1)).reshape(*sz)


class WrappedModel(ModelWrapper):
    def forward(self, x: torch.Tensor, t: torch.Tensor, **extras):
        return self.model(x, t, **extras)


vf = MLP(input_dim=2, time_dim=1, hidden_dim=512)
path = AffineProbPath(scheduler=CondOTScheduler())


def step(_):
    x_1 = inf_train_gen(batch_size=args.batch)
    x_0 = torch.randn_like(x_1)
    t = torch.rand(x_1.shape[0])
    path_sample = path.sample(t=t, x_0=x_0, x_1=x_1)
    return torch.pow(vf(path_sample.x_t, path_sample.t) - path_sample.dx_t, 2).mean()


train_s, losses = train(step, vf.parameters(), args.steps)
start = time.perf_counter()
x_init = torch.randn((args.samples, 2), dtype=torch.float32)
sol = ODESolver(velocity_model=WrappedModel(vf)).sample(
    time_grid=torch.tensor([0.0, 1.0]), x_init=x_init, method="midpoint", step_size=0.05)
sample_s = time.perf_counter() - start
write_csv(args.out, ["dim0", "dim1"], sol.tolist())
report(args, train_s, sample_s, losses)
