"""PyTorch side of the quality comparison at equal budget (docs/performance.md, "Quality at equal budget").

torchcfm's 2-D recipe written out (torchcfm itself is not needed): MLP 3 -> 64 -> 64 -> 64 -> 2 with SELU on (x, t)
(torchcfm's MLP(dim=2, time_varying=True), PyTorch's default Linear initialisation), Adam(lr=1e-3), batch 256,
x0 ~ N(0, I), x1 ~ eight Gaussians (torchcfm's sample_8gaussians), independent coupling, the CondOT path with
sigma = 0 (x_t = (1 - t) x0 + t x1, target x1 - x0, t ~ U[0, 1)), 6000 steps, no EMA, constant learning rate.
Then N samples from fresh N(0, I) noise by classical RK4 with S equal steps from t = 0 to 1.

Writes OUT/torch-s<seed>.csv (header dim0,dim1, one sample per line) for each seed.
Setup (Debian's package): apt-get install -y python3-torch ; run with /usr/bin/python3.
Usage: /usr/bin/python3 torch_quality.py OUT [seeds=0,1,...,7] [steps=6000] [samples=10000] [rk4_steps=20]
(experiments/bench/peer/eight_gaussians.py imports train_and_sample for the peer comparison.)
"""
import os, sys, time
import torch
from torch_reference import cfm_step, eight_gaussians, mlp


def train_and_sample(seed, steps=6000, samples=10000, rk4_steps=20, batch=256):
    torch.manual_seed(seed)
    net = mlp(64, torch.nn.SELU)
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    for _ in range(steps):
        x0 = torch.randn(batch, 2)
        x1 = eight_gaussians(batch)
        cfm_step(net, opt, x0, x1, torch.rand(batch, 1))

    def v(x, t):
        return net(torch.cat([x, torch.full((x.shape[0], 1), t)], 1))

    with torch.no_grad():
        x, h = torch.randn(samples, 2), 1.0 / rk4_steps
        for i in range(rk4_steps):
            t = i * h
            k1 = v(x, t)
            k2 = v(x + h / 2 * k1, t + h / 2)
            k3 = v(x + h / 2 * k2, t + h / 2)
            k4 = v(x + h * k3, t + h)
            x = x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return x.numpy()


if __name__ == "__main__":
    out = sys.argv[1]
    seeds = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "0,1,2,3,4,5,6,7").split(",")]
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 6000
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    rk4_steps = int(sys.argv[5]) if len(sys.argv) > 5 else 20
    torch.set_num_threads(1)
    os.makedirs(out, exist_ok=True)
    for seed in seeds:
        t0 = time.perf_counter()
        x = train_and_sample(seed, steps, samples, rk4_steps)
        path = os.path.join(out, f"torch-s{seed}.csv")
        with open(path, "w") as f:
            f.write("dim0,dim1\n")
            f.writelines(f"{a!r},{b!r}\n" for a, b in x.tolist())
        print(f"torch seed={seed} seconds={time.perf_counter() - t0:.1f} -> {path}", flush=True)
