"""Peer side of the sphere and flat-torus checkerboards: flow_matching's
examples/2d_riemannian_flow_matching_sphere.ipynb and examples/2d_riemannian_flow_matching_flat_torus.ipynb
(commit 11568d3), one script for the two (--manifold sphere|torus), the notebooks' code otherwise.

As in the notebooks: data = the checkerboard on [-2, 2]^2 (inf_train_gen), source N(0, I) in R^2; on the sphere both
are halved and wrapped at the north pole (expmap of (x, y, 0) / 2), on the torus wrapped at 0 (expmap from 0, i.e.
mod 2 pi); their MLP, hidden width 512: an input layer (sphere: Linear on (x, t); torus: Linear on the
FourierFeatures(1) sin/cos of (x, t)), then 4 x (Swish, Linear): 5 linear layers in all; ProjectToTangent;
GeodesicProbPath with CondOTScheduler; the plain L2 loss on dx_t; Adam 1e-3; RiemannianODESolver, midpoint, step
0.01 (100 steps) from wrapped N(0, I) noise.
Changed: steps and batch set to the equal budget (notebooks: 5001 x 4096; here 3000 x 1024, the flowmatch
configs'), the seed (notebooks: 42) an argument, one thread, 2000 samples instead of 50,000, time grid [0, 1]
without intermediates (the same 100 steps), no plots.
Writes --out with the columns dim0,dim1,dim2 (sphere, ambient R^3) or dim0,dim1 (torus, angles in [0, 2 pi)).
"""
import time

import torch
from torch import nn, Tensor

from common import Swish, arguments, checkerboard, flow_matching, report, train, write_csv

flow_matching()
from flow_matching.path import GeodesicProbPath
from flow_matching.path.scheduler import CondOTScheduler
from flow_matching.solver import RiemannianODESolver
from flow_matching.utils import ModelWrapper
from flow_matching.utils.manifolds import FlatTorus, Manifold, Sphere

args = arguments(steps=3000, batch=1024, samples=2000,
                 extra={"--manifold": dict(choices=["sphere", "torus"], required=True)})
sphere = args.manifold == "sphere"


def wrap(manifold, samples):  # the sphere notebook's, then the torus notebook's
    if sphere:
        center = torch.cat([torch.zeros_like(samples), torch.ones_like(samples[..., 0:1])], dim=-1)
        samples = torch.cat([samples, torch.zeros_like(samples[..., 0:1])], dim=-1) / 2
        return manifold.expmap(center, samples)
    return manifold.expmap(torch.zeros_like(samples), samples)


class FourierFeatures(nn.Module):  # the torus notebook's
    """Assumes input is in [0, 2pi]."""

    def __init__(self, n_fourier_features: int):
        super().__init__()
        self.n_fourier_features = n_fourier_features

    def forward(self, x: Tensor) -> Tensor:
        feature_vector = [torch.sin((i + 1) * x) for i in range(self.n_fourier_features)]
        feature_vector += [torch.cos((i + 1) * x) for i in range(self.n_fourier_features)]
        return torch.cat(feature_vector, dim=-1)


class MLP(nn.Module):  # the notebooks' (they differ only in the input layer)
    def __init__(self, input_dim: int = 2, time_dim: int = 1, hidden_dim: int = 128):
        super().__init__()
        self.input_dim = input_dim
        self.time_dim = time_dim
        self.input_layer = (nn.Linear(input_dim + time_dim, hidden_dim) if sphere else nn.Sequential(
            FourierFeatures(1), nn.Linear((input_dim + time_dim) * 2, hidden_dim)))
        self.main = nn.Sequential(
            Swish(), nn.Linear(hidden_dim, hidden_dim),
            Swish(), nn.Linear(hidden_dim, hidden_dim),
            Swish(), nn.Linear(hidden_dim, hidden_dim),
            Swish(), nn.Linear(hidden_dim, input_dim))

    def forward(self, x: Tensor, t: Tensor) -> Tensor:
        sz = x.size()
        x = x.reshape(-1, self.input_dim)
        t = t.reshape(-1, self.time_dim).float()
        t = t.reshape(-1, 1).expand(x.shape[0], 1)
        h = torch.cat([x, t], dim=1)
        return self.main(self.input_layer(h)).reshape(*sz)


class ProjectToTangent(nn.Module):
    """Projects a vector field onto the tangent plane at the input."""

    def __init__(self, vecfield: nn.Module, manifold: Manifold):
        super().__init__()
        self.vecfield = vecfield
        self.manifold = manifold

    def forward(self, x: Tensor, t: Tensor) -> Tensor:
        x = self.manifold.projx(x)
        return self.manifold.proju(x, self.vecfield(x, t))


class WrappedModel(ModelWrapper):
    def forward(self, x: torch.Tensor, t: torch.Tensor, **extras):
        return self.model(x=x, t=t)


manifold = Sphere() if sphere else FlatTorus()
vf = ProjectToTangent(MLP(input_dim=3 if sphere else 2, hidden_dim=512), manifold=manifold)
path = GeodesicProbPath(scheduler=CondOTScheduler(), manifold=manifold)


def step(_):
    x_1 = wrap(manifold, checkerboard(args.batch))
    x_0 = wrap(manifold, torch.randn(args.batch, 2))
    t = torch.rand(x_1.shape[0])
    path_sample = path.sample(t=t, x_0=x_0, x_1=x_1)
    return torch.pow(vf(path_sample.x_t, path_sample.t) - path_sample.dx_t, 2).mean()


train_s, losses = train(step, vf.parameters(), args.steps)
start = time.perf_counter()
x_init = wrap(manifold, torch.randn((args.samples, 2), dtype=torch.float32))
with torch.no_grad():
    sol = RiemannianODESolver(velocity_model=WrappedModel(vf), manifold=manifold).sample(
        x_init=x_init, step_size=0.01, method="midpoint", time_grid=torch.tensor([0.0, 1.0]))
sample_s = time.perf_counter() - start
write_csv(args.out, [f"dim{j}" for j in range(sol.shape[1])], sol.tolist())
report(args, train_s, sample_s, losses)
