"""Peer side of eight Gaussians: torchcfm's 2-D recipe, as experiments/bench/torch_quality.py writes it out (and
quality.sh runs it): MLP 3 -> 64 -> 64 -> 64 -> 2 with SELU on (x, t), Adam 1e-3, x0 ~ N(0, I), x1 ~ torchcfm's
sample_8gaussians, independent coupling, CondOT with sigma = 0, no EMA, constant rate; samples by classical RK4 in 20
equal steps. flow_matching has no eight-Gaussians notebook; this is the recipe docs/performance.md compares with.
Changed from quality.sh: the budget is experiments/configs/eight-gaussians.yaml's (5000 steps x batch 512) rather
than quality.sh's 6000 x 256, so that, as for every other family here, the flowmatch side is its shipped config
unchanged and the peer gets the same steps and batch. torchcfm itself is not needed.
Writes --out with the columns dim0,dim1.
"""
import os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from common import arguments, report, write_csv  # noqa: E402
from torch_quality import train_and_sample  # noqa: E402

args = arguments(steps=5000, batch=512, samples=10000)
start = time.perf_counter()
x = train_and_sample(args.seed, steps=args.steps, samples=args.samples, rk4_steps=20, batch=args.batch)
write_csv(args.out, ["dim0", "dim1"], x.tolist())
report(args, time.perf_counter() - start, 0.0, [])  # train_s here includes the RK4 sampling
