"""PyTorch (+ POT) side of the speed comparison (docs/performance.md); extends shared/bench/torch_reference.py,
whose reference workload it repeats unchanged.

Workloads, one output line each (`torch workload=<name> key=value ...`), the same as `./flowmatch bench`:
  small      torchcfm's 2-D network, MLP 3 -> 64 -> 64 -> 64 -> 2 with SELU on (x, t), batch 256, x0 ~ N(0, I),
             x1 ~ eight Gaussians (torchcfm's sample_8gaussians), independent coupling, Adam(1e-3): steps/s
  otcfm      the same with torchcfm's exact OT plan sampler: squared distances, ot.emd, pairs drawn from the plan
  otplan     the exact plan alone, POT's ot.dist + ot.emd, 256 and 512 points: milliseconds per plan
  reference  MLP 3 -> 256 x 3 -> 2 with SiLU, batch 512 on N((2, 2), 0.25 I): steps/s; 100 Euler steps for 10,000
             samples: seconds

Setup (Debian's packages, not pip): apt-get install -y python3-torch python3-pot ; run with /usr/bin/python3.
Usage: /usr/bin/python3 torch_reference.py [train_steps=1000] [threads=1] [workloads=small,otcfm,otplan,reference]
"""
import math, sys, time
import numpy as np
import torch

CENTRES = 5 * torch.tensor([(1, 0), (-1, 0), (0, 1), (0, -1), (1 / math.sqrt(2), 1 / math.sqrt(2)),
                            (1 / math.sqrt(2), -1 / math.sqrt(2)), (-1 / math.sqrt(2), 1 / math.sqrt(2)),
                            (-1 / math.sqrt(2), -1 / math.sqrt(2))], dtype=torch.float32)


def eight_gaussians(n):
    """torchcfm's sample_8gaussians: centres 5 (cos, sin) of the eight compass directions, covariance sqrt(0.1) I."""
    return CENTRES[torch.randint(0, 8, (n,))] + torch.randn(n, 2) * 0.1 ** 0.25


def mlp(width, act):
    return torch.nn.Sequential(
        torch.nn.Linear(3, width), act(), torch.nn.Linear(width, width), act(),
        torch.nn.Linear(width, width), act(), torch.nn.Linear(width, 2))


def cfm_step(net, opt, x0, x1, t):
    """One conditional flow matching step on the CondOT path with sigma = 0: x_t = (1 - t) x0 + t x1, target x1 - x0."""
    xt = (1 - t) * x0 + t * x1
    loss = ((net(torch.cat([xt, t], 1)) - (x1 - x0)) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()


def exact_plan_pairs(x0, x1):
    """torchcfm's OTPlanSampler(method="exact").sample_plan: the plan of ot.emd, n pairs drawn from it."""
    import ot
    a, b = ot.unif(x0.shape[0]), ot.unif(x1.shape[0])
    m = torch.cdist(x0, x1) ** 2
    pi = ot.emd(a, b, m.detach().cpu().numpy())
    p = pi.flatten()
    p = p / p.sum()
    choices = np.random.choice(pi.shape[0] * pi.shape[1], p=p, size=x0.shape[0], replace=True)
    i, j = np.divmod(choices, pi.shape[1])
    return x0[i], x1[j]


def train_small(n, ot_pairs):
    net = mlp(64, torch.nn.SELU)
    opt = torch.optim.Adam(net.parameters(), 1e-3)

    def run(k):
        for _ in range(k):
            x0 = torch.randn(256, 2)
            x1 = eight_gaussians(256)
            if ot_pairs:
                x0, x1 = exact_plan_pairs(x0, x1)
            cfm_step(net, opt, x0, x1, torch.rand(256, 1))

    run(50)
    t0 = time.perf_counter()
    run(n)
    return n / (time.perf_counter() - t0)


def plan_ms(n):
    import ot
    batches = [(np.random.randn(n, 2), eight_gaussians(n).numpy().astype(np.float64)) for _ in range(max(20, 20000 // n))]
    a, b = ot.unif(n), ot.unif(n)
    for x0, x1 in batches:
        ot.emd(a, b, ot.dist(x0, x1))
    t0 = time.perf_counter()
    for x0, x1 in batches:
        ot.emd(a, b, ot.dist(x0, x1))
    return (time.perf_counter() - t0) * 1e3 / len(batches)


def reference(n):
    h, batch = 256, 512
    net = mlp(h, torch.nn.SiLU)
    opt = torch.optim.Adam(net.parameters(), 1e-3)

    def train(k):
        for _ in range(k):
            x1 = torch.randn(batch, 2) * 0.5 + 2
            x0 = torch.randn(batch, 2)
            cfm_step(net, opt, x0, x1, torch.rand(batch, 1))

    train(50)
    t0 = time.perf_counter()
    train(n)
    rate = n / (time.perf_counter() - t0)
    with torch.no_grad():
        m, T = 10000, 100
        x = torch.randn(m, 2)
        t0 = time.perf_counter()
        for i in range(T):
            x = x + net(torch.cat([x, torch.full((m, 1), i / T)], 1)) / T
        sample_s = time.perf_counter() - t0
    return rate, sample_s


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    workloads = (sys.argv[3] if len(sys.argv) > 3 else "small,otcfm,otplan,reference").split(",")
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    np.random.seed(0)
    suffix = f" threads={threads}"
    if "small" in workloads:
        print(f"torch workload=small train_steps_per_s={train_small(steps, False):.1f}" + suffix, flush=True)
    if "otcfm" in workloads:
        print(f"torch workload=otcfm train_steps_per_s={train_small(steps, True):.1f}" + suffix, flush=True)
    if "otplan" in workloads:
        print(f"torch workload=otplan plan256_ms={plan_ms(256):.3f} plan512_ms={plan_ms(512):.3f}" + suffix, flush=True)
    if "reference" in workloads:
        rate, sample_s = reference(steps)
        print(f"torch workload=reference train_steps_per_s={rate:.1f} sample_10k_euler100_s={sample_s:.3f}" + suffix,
              flush=True)


if __name__ == "__main__":  # torch_quality.py imports the recipe's pieces
    main()
