#!/usr/bin/env python3
"""Times the xresnet1d50 conv1d shapes (batch 256, forward + backward) in PyTorch on 2 threads
and prints them beside the Swift figures of `.build/release/bench conv`, with the ratio
torch time / Swift time (> 1 means the Swift core is faster).

Usage: .venv/bin/python scripts/bench_torch_conv.py [--swift-output FILE] [--threads 2]
Without --swift-output it runs .build/release/bench conv itself (build it first with
`swift build -c release --product bench`). Both sides report the median of 5 runs after a
warm-up, as wall time and as process CPU time (the latter is robust to other jobs on the cores).
"""
import argparse, re, statistics, subprocess, sys, time
from pathlib import Path

import torch

SHAPES = [  # name, cin, cout, kernel, length — must match Sources/bench/ConvBench.swift
    ("64->64 k5 L63", 64, 64, 5, 63),
    ("64->64 k5 L32", 64, 64, 5, 32),
    ("256->64 1x1 L63", 256, 64, 1, 63),
    ("64->256 1x1 L63", 64, 256, 1, 63),
]
LINE = re.compile(r"conv (.+?)\s+fwd\+bwd\s+([\d.]+) ms\s+([\d.]+) GFLOP/s\s+\(cpu\s+([\d.]+) ms")


def swift_figures(path):
    text = Path(path).read_text() if path else subprocess.run(
        [str(Path(__file__).resolve().parent.parent / ".build/release/bench"), "conv"],
        check=True, capture_output=True, text=True).stdout
    return {m.group(1).strip(): (float(m.group(2)), float(m.group(4))) for m in map(LINE.search, text.splitlines()) if m}


def torch_figures(batch, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    out = {}
    for name, cin, cout, k, length in SHAPES:
        x = torch.randn(batch, cin, length, requires_grad=True)
        conv = torch.nn.Conv1d(cin, cout, k, padding=(k - 1) // 2, bias=False)
        seed = torch.randn(batch, cout, length)

        def step():
            y = conv(x)
            y.backward(seed)
            x.grad = None
            conv.weight.grad = None

        step()
        walls, cpus = [], []
        for _ in range(5):
            c0, t0 = time.process_time(), time.perf_counter()
            step()
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        out[name] = (statistics.median(walls) * 1e3, statistics.median(cpus) * 1e3)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swift-output")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=256)
    a = ap.parse_args()
    swift = swift_figures(a.swift_output)
    tor = torch_figures(a.batch, a.threads)
    print(f"conv1d fwd+bwd, batch {a.batch}, torch {torch.__version__} on {a.threads} threads")
    print(f"{'shape':18} {'swift ms':>9} {'torch ms':>9} {'ratio':>6}   {'swift cpu':>9} {'torch cpu':>9} {'ratio':>6}")
    for name, *_ in SHAPES:
        if name not in swift:
            print(f"{name:18} missing from the Swift output", file=sys.stderr)
            continue
        (sw, sc), (tw, tc) = swift[name], tor[name]
        print(f"{name:18} {sw:9.2f} {tw:9.2f} {tw / sw:6.2f}   {sc:9.2f} {tc:9.2f} {tc / sc:6.2f}")


if __name__ == "__main__":
    main()
