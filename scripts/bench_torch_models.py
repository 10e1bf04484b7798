#!/usr/bin/env python3
"""Times one training step per method on xresnet1d50 (12 x 250, batch 256; CPC: batch 32 x 1000)
in PyTorch on 2 threads and prints them beside the Swift figures of `.build/release/bench models`,
with the ratio torch time / Swift time (> 1 means the Swift implementation is faster).

The torch models are built from the reference's structure (same layers, sizes and losses as
Sources/Models): supervised = encoder + Linear(512, 71) with BCE; SimCLR = two views, projection
512-512-16, NT-Xent tau 0.5; BYOL = two views, projector/predictor 512(BN)-16, EMA target;
SwAV = 6 views in one pass, 512-2048(BN)-128 head, 3000 prototypes, Sinkhorn; CPC = FC encoder,
2-layer LSTM(512), projection, InfoNCE with 128 same-sequence negatives. Adam step included,
augmentation not. Both sides report the median of the timed runs after a warm-up, as wall time
and as process CPU time (robust when other jobs share the cores).

Usage: .venv/bin/python scripts/bench_torch_models.py [--swift-output FILE] [--threads 2]
       [--methods supervised simclr ...] [--repeats 3]
Without --swift-output it runs .build/release/bench models itself (build it first with
`swift build -c release --product bench`).
"""
import argparse, copy, json, math, re, statistics, subprocess, time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LINE = re.compile(r"model (\S+)\s+step batch (\d+):\s+([\d.]+) ms\s+([\d.]+) windows/s\s+\(cpu\s+([\d.]+) ms")


def conv_layer(ni, nf, ks, stride=1, act=True, bias=False):
    layers = [nn.Conv1d(ni, nf, ks, stride=stride, padding=(ks - 1) // 2, bias=bias), nn.BatchNorm1d(nf)]
    if act:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class ResBlock(nn.Module):
    def __init__(self, ni, nh, stride, ks=5, e=4):
        super().__init__()
        nf = nh * e
        self.convs = nn.Sequential(conv_layer(ni, nh, 1), conv_layer(nh, nh, ks, stride), conv_layer(nh, nf, 1, act=False))
        idpath = []
        if stride != 1:
            idpath.append(nn.AvgPool1d(2, ceil_mode=True))
        if ni != nf:
            idpath.append(conv_layer(ni, nf, 1, act=False))
        self.idpath = nn.Sequential(*idpath)

    def forward(self, x):
        return torch.relu(self.convs(x) + self.idpath(x))


class ConcatPool(nn.Module):
    def forward(self, x):
        return torch.cat([x.max(dim=2).values, x.mean(dim=2)], dim=1)


def xresnet1d50(leads=12):
    layers = [conv_layer(leads, 32, 5, 2, bias=True), conv_layer(32, 32, 5), conv_layer(32, 64, 5), nn.MaxPool1d(3, 2, 1)]
    for i, n in enumerate([3, 4, 6, 3]):
        layers.append(nn.Sequential(*[ResBlock(64 if (i == 0 and b == 0) else 256, 64, 2 if b == 0 and i > 0 else 1)
                                      for b in range(n)]))
    layers.append(ConcatPool())
    return nn.Sequential(*layers)


def nt_xent(z1, z2, tau=0.5):
    z = torch.cat([z1, z2])
    n = z1.shape[0]
    sim = z @ z.t() / tau
    sim.fill_diagonal_(-1e9)
    pos = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, pos)


def mlp(i, h, o):
    return nn.Sequential(nn.Linear(i, h, bias=False), nn.BatchNorm1d(h), nn.ReLU(), nn.Linear(h, o))


@torch.no_grad()
def sinkhorn(out, eps=0.05, iters=3):
    q = torch.exp((out - out.max()) / eps).t()
    q /= q.sum()
    k, b = q.shape
    for _ in range(iters):
        q *= (1 / k) / q.sum(dim=1, keepdim=True)
        q *= (1 / b) / q.sum(dim=0, keepdim=True)
    return (q / q.sum(dim=0, keepdim=True)).t()


def make_step(method, batch):
    torch.manual_seed(0)
    if method == "supervised":
        model = nn.Sequential(xresnet1d50(), nn.Linear(512, 71))
        inputs = (torch.randn(batch, 12, 250), torch.randint(0, 2, (batch, 71)).float())
        loss_fn = lambda x, y: F.binary_cross_entropy_with_logits(model(x), y)
        after = lambda: None
    elif method == "simclr":
        model = nn.ModuleDict({"encoder": xresnet1d50(),
                               "projector": nn.Sequential(nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 16))})
        inputs = (torch.randn(batch, 12, 250), torch.randn(batch, 12, 250))
        emb = lambda v: F.normalize(model["projector"](model["encoder"](v)), dim=1)
        loss_fn = lambda v1, v2: nt_xent(emb(v1), emb(v2))
        after = lambda: None
    elif method == "byol":
        model = nn.ModuleDict({"encoder": xresnet1d50(), "projector": mlp(512, 512, 16), "predictor": mlp(16, 512, 16)})
        target = nn.ModuleDict({"encoder": copy.deepcopy(model["encoder"]), "projector": copy.deepcopy(model["projector"])})
        for p in target.parameters():
            p.requires_grad_(False)
        inputs = (torch.randn(batch, 12, 250), torch.randn(batch, 12, 250))

        def loss_fn(v1, v2):
            p1, p2 = (model["predictor"](model["projector"](model["encoder"](v))) for v in (v1, v2))
            with torch.no_grad():
                t1, t2 = (target["projector"](target["encoder"](v)) for v in (v1, v2))
            cos = lambda a, b: F.cosine_similarity(a, b, dim=1).mean()
            return -2 * cos(p1, t2) - 2 * cos(p2, t1)

        @torch.no_grad()
        def after():
            online = list(model["encoder"].parameters()) + list(model["projector"].parameters())
            for t, o in zip(target.parameters(), online):
                t.mul_(0.996).add_(o, alpha=0.004)
    elif method == "swav":
        model = nn.ModuleDict({"encoder": xresnet1d50(),
                               "projector": nn.Sequential(nn.Linear(512, 2048), nn.BatchNorm1d(2048), nn.ReLU(), nn.Linear(2048, 128)),
                               "prototypes": nn.Linear(128, 3000, bias=False)})
        inputs = (torch.randn(6 * batch, 12, 250),)

        def loss_fn(views):
            with torch.no_grad():
                w = F.normalize(model["prototypes"].weight.data, dim=1)
                model["prototypes"].weight.copy_(w)
            scores = model["prototypes"](F.normalize(model["projector"](model["encoder"](views)), dim=1))
            lp = F.log_softmax(scores / 0.1, dim=1)
            loss = 0
            for crop in (0, 1):
                q = sinkhorn(scores[crop * batch:(crop + 1) * batch].detach())
                sub = 0
                for v in range(6):
                    if v != crop:
                        sub -= (q * lp[v * batch:(v + 1) * batch]).sum(dim=1).mean()
                loss += sub / 6
            return loss / 2
        after = lambda: None
    elif method in ("cpc", "cpc-demo"):
        # The reference's CPC (LSTM 512, 1000 samples) or the demo's (LSTM 128, 250 samples).
        h, length = (512, 1000) if method == "cpc" else (128, 250)
        enc, rnn = cpc_backbone(h)
        model = nn.ModuleDict({"encoder": enc, "rnn": rnn, "proj": nn.Linear(h, h, bias=False)})
        inputs = (torch.randn(batch, 12, length),)

        def loss_fn(x):
            # Batched like the Swift side: all scores of a sequence in one bmm, then the positive
            # and 128 same-sequence negatives per position gathered; CE summed over positions.
            z = model["encoder"](x).transpose(1, 2)
            p = model["proj"](model["rnn"](z)[0])
            b, t, _ = z.shape
            n = t - 12
            pos = torch.arange(n) + 12
            idx = torch.randint(0, t - 1, (b, n, 128))
            idx = idx + (idx >= pos.view(1, n, 1)).long()
            cand = torch.cat([pos.view(1, n, 1).expand(b, n, 1), idx], dim=2)
            logits = torch.bmm(p[:, :n], z.transpose(1, 2)).gather(2, cand)
            return F.cross_entropy(logits.reshape(b * n, 129), torch.zeros(b * n, dtype=torch.long), reduction="sum") / b
        after = lambda: None
    else:
        raise ValueError(method)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3, weight_decay=1e-6)
    model.train()

    def step(batch_inputs=inputs):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(*batch_inputs)
        loss.backward()
        opt.step()
        after()
    # The epoch benchmark feeds real batches and scores validation views with the same loss.
    step.model, step.loss = model, loss_fn
    return step


def random_resized_crop(x, rng, lo=0.5, hi=1.0):
    """RandomResizedCrop of one (T, C) window: a random 50-100 % sub-window placed at L sorted
    random positions (the ends fixed) of a T-long output, the gaps filled by per-lead linear
    interpolation: a random non-uniform stretch."""
    t = x.shape[0]
    n = int(rng.uniform(lo, hi) * t)
    if n >= t:
        return x.copy()
    start = rng.integers(0, t - n)  # randint(0, T - L - 1), inclusive
    at = np.concatenate(([0], np.sort(rng.choice(np.arange(1, t - 1), n - 2, replace=False)), [t - 1]))
    crop = x[start:start + n]
    grid = np.arange(t)
    return np.stack([np.interp(grid, at, crop[:, c]) for c in range(x.shape[1])], axis=1).astype(np.float32)


def time_out(x, rng, lo=0.2, hi=0.4):
    """TimeOut of one (T, C) window: a random 20-40 % stretch of every lead set to zero."""
    t = x.shape[0]
    k = int(rng.uniform(lo, hi) * t)
    start = rng.integers(0, t - k)  # randint(0, T - k - 1), inclusive
    y = x.copy()
    y[start:start + k] = 0
    return y


def epoch(method, store, batch, length=250, threads=2, seed=0):
    """One pretraining epoch as runexp's pretrain stage runs it, from the same preprocessed store:
    train on every fold but the highest, one random window per record per epoch in shuffled
    order, the batch's views augmented per window on the fly (SimCLR: RandomResizedCrop then
    TimeOut; CPC: none), an incomplete last batch dropped; then the mean loss over one window per
    validation-fold record in eval mode without autograd. Single process, as the data loading of
    a 2-core machine shares the cores with the model. Returns (seconds, steps, validation loss)."""
    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    index = json.loads((Path(store) / "index.json").read_text())
    signals = np.load(Path(store) / "signals.npy", mmap_mode="r")
    records = [r for r in index["records"] if r["length"] >= length]
    folds = {r["fold"] for r in records}
    val_fold = max(folds) if len(folds) >= 2 else None
    train = [r for r in records if r["fold"] != val_fold]
    val = [r for r in records if r["fold"] == val_fold]
    rng = np.random.default_rng(seed)
    name = {"simclr": "simclr", "cpc": "cpc-demo"}[method]
    step = make_step(name, batch)

    def window(r):
        s = r["offset"] + rng.integers(0, r["length"] - length + 1)
        return np.asarray(signals[s:s + length], dtype=np.float32)

    def views(rs):
        ws = [window(r) for r in rs]
        if method == "cpc":
            return (torch.from_numpy(np.stack(ws).transpose(0, 2, 1).copy()),)
        pair = [[time_out(random_resized_crop(w, rng), rng) for w in ws] for _ in range(2)]
        return tuple(torch.from_numpy(np.stack(v).transpose(0, 2, 1).copy()) for v in pair)

    order = rng.permutation(len(train))
    steps = len(train) // batch
    for k in range(steps):
        step(views([train[i] for i in order[k * batch:(k + 1) * batch]]))
    step.model.eval()
    with torch.no_grad():
        losses = [float(step.loss(*views(val[k:k + batch]))) for k in range(0, len(val), batch) if len(val[k:k + batch]) > 1]
    step.model.train()
    return time.perf_counter() - t0, steps, statistics.fmean(losses) if losses else float("nan")


def cpc_backbone(h, leads=12):
    """The CPC encoder (four 1x1 conv-BN-ReLU layers) and its 2-layer LSTM, as in make_step."""
    enc = nn.Sequential(*[nn.Sequential(nn.Conv1d(leads if i == 0 else h, h, 1, bias=False), nn.BatchNorm1d(h), nn.ReLU())
                          for i in range(4)])
    return enc, nn.LSTM(h, h, 2, batch_first=True)


def step_batch(method, default=256):
    """The batch a method's step benchmark uses on both sides: CPC's are fixed by its sizes."""
    return {"cpc": 32, "cpc-demo": 64}.get(method, default)


# Inference benchmarks: (batch, samples per window) as in `bench inference`.
INFERENCE = {"xresnet1d50": (256, 250), "cpc-demo": (256, 250), "cpc": (64, 1000)}


def make_inference(name):
    """Representation export in eval mode without autograd: xresnet1d50's pooled 512-d features,
    or the CPC context averaged over time; returns a callable that embeds one batch."""
    torch.manual_seed(0)
    batch, length = INFERENCE[name]
    x = torch.randn(batch, 12, length)
    if name == "xresnet1d50":
        enc = xresnet1d50().eval()
        fn = lambda: enc(x)
    else:
        enc, rnn = cpc_backbone(128 if name == "cpc-demo" else 512)
        enc.eval(), rnn.eval()
        fn = lambda: rnn(enc(x).transpose(1, 2))[0].mean(dim=1)

    def step():
        with torch.no_grad():
            fn()
    return step


def time_step(step, repeats, warmup=1):
    """Median wall and process-CPU milliseconds of `repeats` calls of step after `warmup` calls."""
    for _ in range(warmup):
        step()
    walls, cpus = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        step()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls) * 1e3, statistics.median(cpus) * 1e3


def torch_figures(methods, batch, threads, repeats):
    torch.set_num_threads(threads)
    out = {}
    for method in methods:
        b = step_batch(method, batch)
        out[method] = (b, *time_step(make_step(method, b), repeats))
    return out


def swift_figures(path, methods):
    text = Path(path).read_text() if path else subprocess.run(
        [str(Path(__file__).resolve().parent.parent / ".build/release/bench"), "models", *methods],
        check=True, capture_output=True, text=True).stdout
    return {m.group(1): (int(m.group(2)), float(m.group(3)), float(m.group(5))) for m in map(LINE.search, text.splitlines()) if m}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swift-output")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--methods", nargs="+", default=["supervised", "simclr", "byol", "swav", "cpc"])
    ap.add_argument("--torch-only", action="store_true", help="skip the Swift side")
    args = ap.parse_args()
    swift = {} if args.torch_only else swift_figures(args.swift_output, args.methods)
    torch_ = torch_figures(args.methods, args.batch, args.threads, args.repeats)
    print(f"{'method':<11}{'batch':>6}{'swift ms':>11}{'torch ms':>11}{'swift win/s':>13}{'torch win/s':>13}"
          f"{'ratio':>8}{'cpu ratio':>11}")
    for method in args.methods:
        b, tw, tc = torch_[method]
        if method in swift:
            _, sw, sc = swift[method]
            print(f"{method:<11}{b:>6}{sw:>11.1f}{tw:>11.1f}{b / sw * 1e3:>13.1f}{b / tw * 1e3:>13.1f}{tw / sw:>8.2f}{tc / sc:>11.2f}")
        else:
            print(f"{method:<11}{b:>6}{'-':>11}{tw:>11.1f}{'-':>13}{b / tw * 1e3:>13.1f}{'-':>8}{'-':>11}")


if __name__ == "__main__":
    main()
