#!/usr/bin/env python3
"""`make bench`: the Swift benchmarks beside their PyTorch counterparts, as alternating runs.

Each round runs, for every figure, the Swift release benchmark in its own process and then the
PyTorch counterpart in its own process (so a slow minute of the machine hits both sides of a
pair, and each process's peak resident memory is its own). The output gives, per figure, the
median of the rounds with their range, and the median of the per-round ratios (torch time /
Swift time: > 1 means the Swift side is faster) with their range. The machine's instruction set,
the measured sgemm roof and PyTorch's settings head the output.

Usage: .venv/bin/python scripts/bench.py [--rounds 3] [--threads 2] [--only models conv ...]
Figures: sgemm (the roof), models (supervised, simclr, byol, swav, cpc, cpc-demo training steps,
peak memory, each step's share of the roof), conv (the xresnet1d50 conv shapes), inference
(representation export, windows/s), memory (one exact SimCLR step at the reference's batch of
4096 x 2 views: peak memory; one round), epoch (the demo's SimCLR and CPC pretraining epoch,
data loading, augmentation and validation loss included: runexp's pretrain stage beside the same
epoch in PyTorch over the store it preprocessed; one round), ingest (records/s
against wfdb.rdsamp; one round, it takes minutes).
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent / ".build/release/bench"
METHODS = ["supervised", "simclr", "byol", "swav", "cpc", "cpc-demo"]
WARMUP, REPEATS = 1, 3  # both sides: one untimed step, then the median of three
EPOCH_BATCH = {"simclr": 128, "cpc": 64}  # the demo's pretraining batch sizes


def run(argv, env=None, cwd=None):
    """Runs argv to completion; returns (stdout, peak resident MiB of that process alone)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen(argv, stdout=out, stderr=err, text=True, env={**os.environ, **(env or {})}, cwd=cwd)
        # wait4 gives this child's own rusage (RUSAGE_CHILDREN would be a maximum over all of them).
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read(), err.read()
    if p.returncode != 0:
        sys.exit(f"{' '.join(map(str, argv))} failed ({p.returncode}):\n{errors[-2000:]}")
    return text, usage.ru_maxrss / 1024


def swift(*args):
    return run([str(BENCH), *args], env={"OPENBLAS_NUM_THREADS": "1"})


def torch_child(kind, name, threads, store=None):
    """One PyTorch figure in a fresh interpreter (its peak RSS includes the interpreter and torch)."""
    out, peak = run([sys.executable, __file__, "--child", kind, name, "--threads", str(threads),
                     *(["--store", str(store)] if store else [])])
    return json.loads(out.strip().splitlines()[-1]), peak


def child(kind, name, threads, store=None):
    import torch
    sys.path.insert(0, str(HERE))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    repeats = REPEATS
    if kind == "epoch":  # a whole epoch, timed once, as the Swift side's stage is
        import bench_torch_models as tm
        seconds, steps, loss = tm.epoch(name, store, EPOCH_BATCH[name], threads=threads)
        print(json.dumps({"seconds": seconds, "steps": steps, "val_loss": loss}))
        return
    if kind == "model":
        import bench_torch_models as tm
        step = tm.make_step(name, tm.step_batch(name))
    elif kind == "memory":  # the reference's SimCLR batch: one timed step is enough for its peak
        import bench_torch_models as tm
        step, repeats = tm.make_step("simclr", 4096), 1
    elif kind == "inference":
        import bench_torch_models as tm
        step = tm.make_inference(name)
    elif kind == "conv":
        import bench_torch_conv as tc
        _, cin, cout, k, length = next(s for s in tc.SHAPES if s[0] == name)
        x = torch.randn(256, cin, length, requires_grad=True)
        conv = torch.nn.Conv1d(cin, cout, k, padding=(k - 1) // 2, bias=False)
        seed = torch.randn(256, cout, length)

        def step():
            conv(x).backward(seed)
            x.grad = None
            conv.weight.grad = None
    elif kind == "sgemm":
        a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
        step = lambda: torch.mm(a, b)
    else:
        raise ValueError(kind)
    import bench_torch_models as tm
    wall, cpu = tm.time_step(step, repeats, warmup=WARMUP)
    print(json.dumps({"wall_ms": wall, "cpu_ms": cpu}))


def step_flops(method):
    """2 × MACs of one training step as PyTorch's step runs it: convolutions, linear layers and
    batched matmuls forward and backward, counted by FlopCounterMode over the whole step (so BYOL's
    target network counts its forward only); its CPU LSTM is one fused op the counter does not
    see, so a forward hook adds 2 · B · T · 4H · (I + H) per layer, × 3 for forward + backward."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    sys.path.insert(0, str(HERE))
    import bench_torch_models as tm
    step = tm.make_step(method, tm.step_batch(method))
    lstm = 0

    def hook(m, inp, out):
        nonlocal lstm
        b, t, i = inp[0].shape
        for layer in range(m.num_layers):
            lstm += 3 * 2 * b * t * 4 * m.hidden_size * ((i if layer == 0 else m.hidden_size) + m.hidden_size)
    handles = [m.register_forward_hook(hook) for m in step.model.modules() if isinstance(m, torch.nn.LSTM)]
    with FlopCounterMode(display=False) as counter:
        step()
    for h in handles:
        h.remove()
    return float(counter.get_total_flops() + lstm)


def epoch_lines(threads):
    """The demo's SimCLR and CPC pretraining cases with one epoch, run by the release runexp into a
    fresh cache: the pretrain stage's own seconds (from its manifest) cover reading the
    preprocessed store, augmenting, the training steps and the validation loss."""
    root = HERE.parent
    demo = (root / "experiments/demo.yaml").read_text()
    head, one_epoch = re.subn(r"(\npretrain:\n  epochs:) \d+", r"\1 1", demo[:demo.index("sweep:")])
    if one_epoch != 1:
        sys.exit("experiments/demo.yaml: no top-level pretrain.epochs to set to 1")
    cases = {"simclr": "{method: simclr, pretrain.trafos: [RandomResizedCrop, TimeOut]}",
             "cpc": f"{{method: cpc, model.cpc.hidden: 128, pretrain.input_size: 250, pretrain.batch_size: {EPOCH_BATCH['cpc']}, pretrain.lr: 0.001}}"}
    lines = []
    for name, case in cases.items():
        experiment = f"bench-epoch-{name}"
        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / f"{experiment}.yaml"
            spec.write_text(head.replace("name: demo", f"name: {experiment}") + f"sweep:\n  cases:\n    - {case}\n")
            run([str(root / ".build/release/runexp"), "run", "--cache", f"{tmp}/cache", "--stage", "pretrain", str(spec)], cwd=root)
            shutil.rmtree(root / "runs" / experiment, ignore_errors=True)
            seconds, steps = pretrain_figures(Path(tmp, "cache"))
            # The PyTorch side reads the store the Swift run preprocessed, so both see the same records.
            t, _ = torch_child("epoch", name, threads, store=preprocessed_store(Path(tmp, "cache")))
        if t["steps"] != steps:
            sys.exit(f"epoch {name}: torch took {t['steps']} steps, swift {steps}")
        lines.append(f"{'epoch demo ' + name:<22} swift {seconds:9.1f} s  torch {t['seconds']:9.1f} s  "
                     f"ratio {t['seconds'] / seconds:5.2f}  ({steps} steps of {EPOCH_BATCH[name]}: "
                     f"{seconds / steps * 1e3:.0f} / {t['seconds'] / steps * 1e3:.0f} ms per step, "
                     f"data loading, augmentation and validation loss included)")
    return lines


def preprocessed_store(cache):
    """The directory of the one preprocessed store (index.json beside signals.npy) in cache."""
    for index in cache.glob("*/*/artifacts/**/index.json"):
        if (index.parent / "signals.npy").exists():
            return index.parent
    sys.exit(f"no preprocessed store in {cache}")


def pretrain_figures(cache):
    """(stage seconds, steps) of the one pretrain entry in cache."""
    for result in cache.glob("*/*/artifacts/pretrain.json"):
        manifest = json.loads((result.parent.parent / "manifest.json").read_text())
        return float(manifest["seconds"]), int(json.loads(result.read_text())["steps"])
    sys.exit(f"no pretrain stage in {cache}")


def spread(xs):
    return f"{statistics.median(xs):9.1f} [{min(xs):.1f}, {max(xs):.1f}]"


def ratio_line(label, sw, tw, unit="ms", swift_peak=None, torch_peak=None):
    ratios = [t / s for s, t in zip(sw, tw)]
    mem = ""
    if swift_peak:
        mem = f"  peak RSS {statistics.median(swift_peak):6.0f} / {statistics.median(torch_peak):6.0f} MiB"
    print(f"{label:<22} swift {spread(sw)} {unit}  torch {spread(tw)} {unit}  "
          f"ratio {statistics.median(ratios):5.2f} [{min(ratios):.2f}, {max(ratios):.2f}]{mem}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", nargs="+", default=["sgemm", "models", "conv", "inference", "memory", "epoch", "ingest"])
    ap.add_argument("--methods", nargs="+", default=METHODS)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--store", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        return child(*a.child, a.threads, a.store)
    if not BENCH.exists():
        sys.exit("build first: swift build -c release --product bench")
    import torch
    flags = set(open("/proc/cpuinfo").read().split("flags")[1].split("\n")[0].split())
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "SSE"
    print(f"machine: {model}, {os.cpu_count()} cores, {isa} (avx512_bf16: {'yes' if 'avx512_bf16' in flags else 'no'})")
    print(f"torch {torch.__version__}: {a.threads} threads, oneDNN {'on' if torch.backends.mkldnn.is_available() else 'off'}, "
          f"{WARMUP} warm-up step, median of {REPEATS} timed; swift: the same; {a.rounds} alternating rounds")
    print("figures: median [min, max] over rounds; ratio = torch time / swift time (> 1: swift faster)\n")

    roof = None
    if "sgemm" in a.only or "models" in a.only:
        sw, tw = [], []
        for _ in range(a.rounds):
            out, _ = swift("sgemm")
            m = re.search(r"(\d+) threads:\s+([\d.]+) GFLOP/s", out)
            sw.append(float(m.group(2)))
            t, _ = torch_child("sgemm", "1024", a.threads)
            tw.append(2 * 1024 ** 3 / (t["wall_ms"] / 1e3) / 1e9)
        roof = statistics.median(sw)
        print(f"{'sgemm 1024^3 (roof)':<22} swift {spread(sw)} GFLOP/s  torch {spread(tw)} GFLOP/s")

    if "models" in a.only:
        line = re.compile(r"model (\S+)\s+step batch (\d+):\s+([\d.]+) ms")
        res = {m: ([], [], [], []) for m in a.methods}
        for _ in range(a.rounds):
            for m in a.methods:
                out, peak = swift("models", m)
                hit = next(x for x in map(line.search, out.splitlines()) if x and x.group(1) == m)
                t, tpeak = torch_child("model", m, a.threads)
                res[m][0].append(float(hit.group(3)))
                res[m][1].append(t["wall_ms"])
                res[m][2].append(peak)
                res[m][3].append(tpeak)
        print()
        for m in a.methods:
            ratio_line(f"step {m}", res[m][0], res[m][1], swift_peak=res[m][2], torch_peak=res[m][3])
        if roof:
            # Each step's throughput against the roof; a lead of r over PyTorch needs r times
            # PyTorch's share of the roof, which past 100 % no kernel can reach.
            print(f"\nshare of the {roof:.1f} GFLOP/s sgemm roof (FLOPs: 2 x MACs of the step's conv, linear, "
                  "LSTM and bmm ops, forward and backward)")
            for m in a.methods:
                flops = step_flops(m)
                sw, tw = (flops / (statistics.median(res[m][i]) / 1e3) / 1e9 for i in (0, 1))
                print(f"step {m:<17} {flops / 1e9:7.1f} GFLOP  swift {sw:6.1f} GFLOP/s = {100 * sw / roof:3.0f} %  "
                      f"torch {tw:6.1f} GFLOP/s = {100 * tw / roof:3.0f} %  1.5x / 2x torch would need "
                      f"{150 * tw / roof:3.0f} / {200 * tw / roof:3.0f} %")

    if "conv" in a.only:
        sys.path.insert(0, str(HERE))
        import bench_torch_conv as tc
        line = re.compile(r"conv (.+?)\s+fwd\+bwd\s+([\d.]+) ms")
        res = {s[0]: ([], []) for s in tc.SHAPES}
        for _ in range(a.rounds):
            out, _ = swift("conv")
            got = {x.group(1).strip(): float(x.group(2)) for x in map(line.search, out.splitlines()) if x}
            for name in res:
                t, _ = torch_child("conv", name, a.threads)
                res[name][0].append(got[name])
                res[name][1].append(t["wall_ms"])
        print()
        for name, (sw, tw) in res.items():
            ratio_line(f"conv {name}", sw, tw)

    if "inference" in a.only:
        sys.path.insert(0, str(HERE))
        import bench_torch_models as tm
        line = re.compile(r"inference (\S+)\s+batch (\d+):\s+([\d.]+) ms")
        res = {name: ([], []) for name in tm.INFERENCE}
        for _ in range(a.rounds):
            for name in res:
                out, _ = swift("inference", name)
                hit = next(x for x in map(line.search, out.splitlines()) if x and x.group(1) == name)
                t, _ = torch_child("inference", name, a.threads)
                batch = int(hit.group(2))
                res[name][0].append(batch / float(hit.group(3)) * 1e3)
                res[name][1].append(batch / t["wall_ms"] * 1e3)
        print()
        for name, (sw, tw) in res.items():
            # Throughput: the ratio is Swift's windows/s over torch's (> 1: swift faster), as for times.
            ratios = [s_ / t_ for s_, t_ in zip(sw, tw)]
            batch, length = tm.INFERENCE[name]
            print(f"{'inference ' + name:<22} swift {spread(sw)} windows/s  torch {spread(tw)} windows/s  "
                  f"ratio {statistics.median(ratios):5.2f} [{min(ratios):.2f}, {max(ratios):.2f}]  (batch {batch} x 12 x {length})")

    if "memory" in a.only:
        # One round: a step at batch 4096 takes about 16 times the batch-256 step, on each side.
        line = re.compile(r"model simclr-4096\s+step batch 4096:\s+([\d.]+) ms")
        out, peak = swift("models", "simclr-4096")
        ms = float(next(x for x in map(line.search, out.splitlines()) if x).group(1))
        print(f"\nsimclr batch 4096 x 2 views, one exact step: swift {ms / 1e3:.1f} s, peak RSS {peak / 1024:.1f} GiB")
        try:
            t, tpeak = torch_child("memory", "simclr-4096", a.threads)
            print(f"{'':<44} torch {t['wall_ms'] / 1e3:.1f} s, peak RSS {tpeak / 1024:.1f} GiB; ratio {t['wall_ms'] / ms:.2f}")
        except SystemExit as failure:  # e.g. killed for want of memory: say so, keep the rest
            print(f"{'':<44} torch failed: {str(failure).splitlines()[0]}")

    if "epoch" in a.only:
        print()
        for line in epoch_lines(a.threads):
            print(line)

    if "ingest" in a.only:
        # One round: the full-size synthetic PTB-XL takes minutes; the bench prints both sides.
        out, _ = swift("datasets")
        print()
        for l in out.splitlines():
            if l.startswith("datasets:"):
                print(l)


if __name__ == "__main__":
    main()
