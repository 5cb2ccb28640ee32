"""Peer side of the discrete checkerboard: flow_matching's examples/2d_discrete_flow_matching.ipynb (commit 11568d3).

As in the notebook: the 128 x 128 checkerboard as D = 2 tokens over V = 128 (its inf_train_gen), a uniform source,
its MLP (token embedding nn.Embedding(128, 128), Swish, 3 hidden layers of 128 with Swish, the time through
nn.Linear(1, 1)), MixtureDiscreteProbPath with PolynomialConvexScheduler(n=2), MixturePathGeneralizedKL, Adam 1e-3,
t ~ U[0, 1 - 1e-3), and MixtureDiscreteEulerSolver with step 1/64 on [0, 1 - 1e-3] (64 steps, the last shorter).
Changed: steps and batch set to the equal budget (notebook: 30,001 x 4096; here 3000 x 1024, the flowmatch
config's), the seed (notebook: 42) an argument, one thread, 50,000 samples instead of 1,000,000, sampling under
torch.no_grad (the solver's own decorator) in chunks of 5000 (the same law; 50,000 at once
spends its time in memory allocation), no plots or ELBO.
Writes --out with the columns token0,token1 (as flowmatch's samples.csv).
"""
import time

import torch
from torch import nn, Tensor

from common import DiscreteMLP as MLP, arguments, flow_matching, report, train, write_csv

flow_matching()
from flow_matching.loss import MixturePathGeneralizedKL
from flow_matching.path import MixtureDiscreteProbPath
from flow_matching.path.scheduler import PolynomialConvexScheduler
from flow_matching.solver import MixtureDiscreteEulerSolver
from flow_matching.utils import ModelWrapper

args = arguments(steps=3000, batch=1024, samples=50000)


def inf_train_gen(n_grid_points: int = 128, batch_size: int = 200) -> Tensor:  # the notebook's
    n_grid_points = n_grid_points // 4
    x1 = torch.randint(low=0, high=n_grid_points * 4, size=(batch_size,))
    samples_x2 = torch.randint(low=0, high=n_grid_points, size=(batch_size,))
    x2 = (samples_x2 + 2 * n_grid_points
          - torch.randint(low=0, high=2, size=(batch_size,)) * 2 * n_grid_points
          + (torch.floor(x1 / n_grid_points) % 2) * n_grid_points)
    return (1.0 * torch.cat([x1[:, None], x2[:, None]], dim=1)).long()


class WrappedModel(ModelWrapper):
    def forward(self, x: torch.Tensor, t: torch.Tensor, **extras):
        return torch.softmax(self.model(x, t, **extras), dim=-1)


vocab_size, epsilon = 128, 1e-3
model = MLP(input_dim=vocab_size, time_dim=1, hidden_dim=128)
path = MixtureDiscreteProbPath(scheduler=PolynomialConvexScheduler(n=2.0))
loss_fn = MixturePathGeneralizedKL(path=path)


def step(_):
    x_1 = inf_train_gen(n_grid_points=vocab_size, batch_size=args.batch)
    x_0 = torch.randint_like(x_1, high=vocab_size)
    t = torch.rand(x_1.shape[0]) * (1 - epsilon)
    path_sample = path.sample(t=t, x_0=x_0, x_1=x_1)
    logits = model(x=path_sample.x_t, t=path_sample.t)
    return loss_fn(logits=logits, x_1=x_1, x_t=path_sample.x_t, t=path_sample.t)


train_s, losses = train(step, model.parameters(), args.steps)
start = time.perf_counter()
solver = MixtureDiscreteEulerSolver(model=WrappedModel(model), path=path, vocabulary_size=vocab_size)
x_init = torch.randint(size=(args.samples, 2), high=vocab_size)
sol = torch.cat([solver.sample(x_init=x, step_size=1 / 64, time_grid=torch.tensor([0.0, 1 - epsilon]))
                 for x in x_init.split(5000)])
sample_s = time.perf_counter() - start
write_csv(args.out, ["token0", "token1"], sol.tolist())
report(args, train_s, sample_s, losses)
