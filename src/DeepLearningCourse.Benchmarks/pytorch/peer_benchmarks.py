#!/usr/bin/env python3
"""PyTorch CPU peers of the course's benchmark workloads (`DeepLearningCourse.Benchmarks --compare`).

Each workload here is the same computation, shape, dtype (float32) and thread count as the C# row it is paired
with (the C# row names the workload key). Every figure is a median of timed runs after a warm-up.

Usage:
  python3 peer_benchmarks.py [--suites sgemm,mlp] [--workloads sgemm-512,xor] [--threads 2] [--quick] [--list]

--suites selects every workload of the named benchmark suites (names this script does not know select nothing);
--workloads selects workloads by key (an unknown key is an error); with neither, everything runs.

Output, one JSON object per line on stdout:
  {"kind": "machine", "torch": "1.13.0", "openblas_core": "Cooperlake", ...}          first line
  {"kind": "result", "workload": "sgemm-512", "library": "torch", "value": 464.2, "unit": "GFLOP/s", ...}
  {"kind": "error", "workload": "sgemm-512", "library": "numpy", "message": "..."}     a workload that failed
Exit status: 0 done, 2 bad arguments, 3 torch cannot be imported (one error line says why).

OpenBLAS reads its environment when it is loaded, so before importing numpy or torch this script removes
OPENBLAS_CORETYPE (an override that can pin a slower kernel than OpenBLAS's own CPU detection picks) and sets the
OpenMP/OpenBLAS/MKL thread counts to --threads. OMP_WAIT_POLICY is left as the caller sets it: on a few shared
cores torch's spinning OpenMP threads can be a hundred times slower than PASSIVE ones, so the comparison mode runs
this script both ways and keeps each workload's faster figure.
"""
import argparse
import ctypes
import json
import math
import os
import statistics
import sys
import time

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def emit(**fields):
    print(json.dumps(fields), flush=True)


def timed_ms(step, quick, repetitions=21, max_seconds=3.0):
    """(median, fastest) milliseconds of step() after a warm-up of at least 10 calls and half a second (1 call when
    quick). On a shared machine the fastest run is the better guide to what the code can do."""
    if quick:
        step()
        repetitions, max_seconds = 3, 0.5
    else:
        start, calls = time.perf_counter(), 0
        while calls < 10 or time.perf_counter() - start < 0.5:
            step()
            calls += 1
    times = []
    total = time.perf_counter()
    for _ in range(repetitions):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
        if time.perf_counter() - total > max_seconds and len(times) >= 3:
            break
    return statistics.median(times), min(times)


def time_figure(step, quick, unit="ms", repetitions=21, scale=1.0):
    """(median, "fastest ...", unit) of step() in milliseconds times scale, for a result line."""
    median, fastest = timed_ms(step, quick, repetitions)
    return median * scale, f"fastest {fastest * scale:.3f} {unit}", unit


# ---- workloads: each returns a list of (library, value, detail, unit) -------------------------------------------

def sgemm(n):
    """C = A·B on n×n float32 matrices, A and B uniform in [-1, 1]: GFLOP/s (2n³ flops) for torch.matmul and numpy."""
    def run(torch, numpy, quick):
        generator = torch.Generator().manual_seed(n)
        a = torch.rand(n, n, generator=generator) * 2 - 1
        b = torch.rand(n, n, generator=generator) * 2 - 1
        c = torch.empty(n, n)
        results = [("torch", lambda: torch.matmul(a, b, out=c))]
        if numpy is not None:
            na, nb, nc = a.numpy().copy(), b.numpy().copy(), numpy.empty((n, n), dtype=numpy.float32)
            results.append(("numpy", lambda: numpy.matmul(na, nb, out=nc)))
        out = []
        for library, step in results:
            ms, fastest = timed_ms(step, quick)
            out.append((library, 2.0 * n ** 3 / (ms * 1e6), f"{ms:.3f} ms, fastest {2.0 * n ** 3 / (fastest * 1e6):.0f} GFLOP/s", "GFLOP/s"))
        return out
    return run


def mlp(optimizer_name):
    """MLP 784-256-256-10 (ReLU), batch 128, x uniform in [0, 1]: forward, softmax cross-entropy, backward, update (ms)."""
    def run(torch, numpy, quick):
        nn = torch.nn
        torch.manual_seed(7)
        x = torch.rand(128, 784)
        y = torch.randint(0, 10, (128,))
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
        optimizer = (torch.optim.Adam(model.parameters(), lr=1e-3) if optimizer_name == "adam"
                     else torch.optim.SGD(model.parameters(), lr=0.01))

        def step():
            optimizer.zero_grad(set_to_none=True)
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        return [("torch", *time_figure(step, quick, repetitions=101))]
    return run


def xor(torch, numpy, quick):
    """2-2-1 network (sigmoid hidden layer) on the 4 XOR points, sigmoid BCE on logits, SGD lr 0.5: µs per step."""
    nn = torch.nn
    torch.manual_seed(3)
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    targets = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    steps = 1000

    def thousand_steps():
        for _ in range(steps):
            optimizer.zero_grad(set_to_none=True)
            torch.nn.functional.binary_cross_entropy_with_logits(model(x), targets).backward()
            optimizer.step()
    return [("torch", *time_figure(thousand_steps, quick, "µs", scale=1e3 / steps))]


def conv(input_shape, weight_shape, padding, phase):
    """conv2d, x uniform in [-1, 1], w uniform in [-0.1, 0.1], bias zeros; upstream gradient all ones (ms).
    phase: "forward" (no graph), "weights" (fwd+bwd, dW and db) or "full" (fwd+bwd, dX, dW and db)."""
    def run(torch, numpy, quick):
        functional = torch.nn.functional
        generator = torch.Generator().manual_seed(1)
        x = torch.rand(*input_shape, generator=generator) * 2 - 1
        w = (torch.rand(*weight_shape, generator=generator) * 0.2 - 0.1).requires_grad_()
        b = torch.zeros(weight_shape[0], requires_grad=True)
        if phase == "forward":
            def step():
                with torch.no_grad():
                    functional.conv2d(x, w, b, padding=padding)
        else:
            x.requires_grad_(phase == "full")
            upstream = torch.ones_like(functional.conv2d(x.detach(), w.detach(), b.detach(), padding=padding))

            def step():
                functional.conv2d(x, w, b, padding=padding).backward(upstream)
                x.grad = w.grad = b.grad = None
        return [("torch", *time_figure(step, quick))]
    return run


def lstm(backward):
    """nn.LSTM input 32, hidden 128, batch_first, x [32, 50, 32] uniform in [-1, 1], loss = sum of all hidden
    states: forward (graph recorded) or forward + backward (ms)."""
    def run(torch, numpy, quick):
        torch.manual_seed(1)
        x = torch.rand(32, 50, 32) * 2 - 1
        layer = torch.nn.LSTM(32, 128, batch_first=True)

        def step():
            layer.zero_grad(set_to_none=True)
            output = layer(x)[0]
            if backward:
                output.sum().backward()
        return [("torch", *time_figure(step, quick))]
    return run


def transformer_block(torch):
    """The C# TransformerEncoderBlock, module for module: pre-LN, separate Q/K/V/O projections, 4 heads,
    softmax(QKᵀ/√dh)·V, MLP with tanh-GELU, no dropout."""
    nn = torch.nn

    class Block(nn.Module):
        def __init__(self, model_dim, heads, hidden_dim):
            super().__init__()
            self.heads = heads
            self.causal = False
            self.norm1, self.norm2 = nn.LayerNorm(model_dim), nn.LayerNorm(model_dim)
            self.query, self.key = nn.Linear(model_dim, model_dim), nn.Linear(model_dim, model_dim)
            self.value, self.output = nn.Linear(model_dim, model_dim), nn.Linear(model_dim, model_dim)
            self.mlp_in, self.mlp_out = nn.Linear(model_dim, hidden_dim), nn.Linear(hidden_dim, model_dim)

        def attention(self, x):
            batch, steps, model_dim = x.shape
            head_dim = model_dim // self.heads

            def split(t):
                return t.view(batch, steps, self.heads, head_dim).transpose(1, 2)
            return self.output(scaled_dot_product_attention(torch, split(self.query(x)), split(self.key(x)),
                                                            split(self.value(x)), self.causal)
                               .transpose(1, 2).reshape(batch, steps, model_dim))

        def forward(self, x):
            x = x + self.attention(self.norm1(x))
            return x + self.mlp_out(torch.nn.functional.gelu(self.mlp_in(self.norm2(x)), approximate="tanh"))

    return Block(64, 4, 256)


def scaled_dot_product_attention(torch, q, k, v, causal):
    """softmax(q·kᵀ/√d + causal mask)·v over the last two dimensions (torch 1.13 has no fused version)."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if causal:
        steps = scores.shape[-1]
        scores = scores.masked_fill(torch.ones(steps, steps, dtype=torch.bool).triu(1), float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


def transformer(phase):
    """Pre-LN transformer block on x [32, 64, 64] uniform in [-1, 1], loss = Σ output: "forward" (graph recorded),
    "step" (forward + backward) or "causal" (forward + backward with a causal mask), ms."""
    def run(torch, numpy, quick):
        torch.manual_seed(1)
        x = torch.rand(32, 64, 64) * 2 - 1
        block = transformer_block(torch)
        block.causal = phase == "causal"

        def step():
            block.zero_grad(set_to_none=True)
            output = block(x)
            if phase != "forward":
                output.sum().backward()
        return [("torch", *time_figure(step, quick))]
    return run


def attention_alone(torch, numpy, quick):
    """Scaled dot-product attention with Q = K = V [128, 64, 16] uniform in [-1, 1], loss = Σ output (ms)."""
    torch.manual_seed(1)
    q = (torch.rand(128, 64, 16) * 2 - 1).requires_grad_()

    def step():
        q.grad = None
        scaled_dot_product_attention(torch, q, q, q, False).sum().backward()
    return [("torch", *time_figure(step, quick))]


CONV1 = ((64, 1, 28, 28), (16, 1, 5, 5), 0)
CONV2 = ((64, 3, 32, 32), (32, 3, 3, 3), 1)

# key, suite (the C# suite's --only name), description, function(torch, numpy, quick)
WORKLOADS = [
    ("sgemm-512", "sgemm", "SGEMM n = 512", sgemm(512)),
    ("sgemm-1024", "sgemm", "SGEMM n = 1024", sgemm(1024)),
    ("sgemm-2048", "sgemm", "SGEMM n = 2048", sgemm(2048)),
    ("mlp-adam", "mlp", "MLP 784-256-256-10, batch 128, step with Adam", mlp("adam")),
    ("mlp-sgd", "mlp", "MLP 784-256-256-10, batch 128, step with SGD", mlp("sgd")),
    ("xor", "xor", "XOR 2-2-1, full batch, one SGD step", xor),
    ("conv1-forward", "conv", "conv 64x1x28x28, 16 filters 5x5: forward", conv(*CONV1, "forward")),
    ("conv1-weights", "conv", "conv 64x1x28x28, 16 filters 5x5: fwd+bwd (dW, db)", conv(*CONV1, "weights")),
    ("conv1-full", "conv", "conv 64x1x28x28, 16 filters 5x5: fwd+bwd (dX, dW, db)", conv(*CONV1, "full")),
    ("conv2-forward", "conv", "conv 64x3x32x32, 32 filters 3x3 pad 1: forward", conv(*CONV2, "forward")),
    ("conv2-weights", "conv", "conv 64x3x32x32, 32 filters 3x3 pad 1: fwd+bwd (dW, db)", conv(*CONV2, "weights")),
    ("conv2-full", "conv", "conv 64x3x32x32, 32 filters 3x3 pad 1: fwd+bwd (dX, dW, db)", conv(*CONV2, "full")),
    ("lstm-forward", "lstm", "LSTM in 32, hidden 128, T = 50, batch 32: forward", lstm(backward=False)),
    ("lstm-step", "lstm", "LSTM in 32, hidden 128, T = 50, batch 32: fwd+bwd", lstm(backward=True)),
    ("transformer-forward", "transformer", "transformer block 32x64x64: forward", transformer("forward")),
    ("transformer-step", "transformer", "transformer block 32x64x64: fwd+bwd", transformer("step")),
    ("transformer-causal", "transformer", "transformer block 32x64x64: fwd+bwd, causal", transformer("causal")),
    ("attention", "transformer", "attention alone [128, 64, 16]: fwd+bwd", attention_alone),
]


def openblas_description():
    """(core, config) of the OpenBLAS this process loaded (numpy's or torch's BLAS), or (None, None)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted({line.split()[-1] for line in maps if "blas" in line.split()[-1]})
    except OSError:
        return None, None
    for path in paths:
        try:
            library = ctypes.CDLL(path)
            core, config = library.openblas_get_corename, library.openblas_get_config
        except (OSError, AttributeError):
            continue
        core.restype = config.restype = ctypes.c_char_p
        return core().decode(), config().decode()
    return None, None


def torch_build_setting(torch, name):
    """A line of torch.__config__.show(), e.g. "CPU capability usage" → "AVX2", or None."""
    for line in torch.__config__.show().splitlines():
        line = line.strip(" -")
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    return None


def select(suites, keys):
    """The workloads of the named suites plus the named keys; everything when neither option was given (None)."""
    known = {key for key, *_ in WORKLOADS}
    unknown = [key for key in keys or [] if key not in known]
    if unknown:
        raise ValueError(f"unknown workload(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if suites is None and keys is None:
        return WORKLOADS
    return [w for w in WORKLOADS if w[0] in (keys or []) or w[1] in (suites or set())]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suites", help="comma-separated suite names (sgemm, mlp, xor, conv, lstm, transformer)")
    parser.add_argument("--workloads", help="comma-separated workload keys (see --list)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="few repetitions: rough figures, for smoke tests")
    parser.add_argument("--list", action="store_true", help="print the workloads and exit")
    args = parser.parse_args()
    if args.list:
        for key, suite, description, _ in WORKLOADS:
            emit(kind="workload", workload=key, suite=suite, description=description)
        return 0
    if args.threads < 1:
        parser.error(f"--threads must be at least 1, got {args.threads}")
    try:
        selected = select(None if args.suites is None else {s for s in args.suites.split(",") if s},
                          None if args.workloads is None else [k for k in args.workloads.split(",") if k])
    except ValueError as error:
        parser.error(str(error))

    removed_coretype = os.environ.pop("OPENBLAS_CORETYPE", None)
    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(args.threads)
    try:
        import torch
    except ImportError as error:
        emit(kind="error", workload=None, library="torch", message=f"cannot import torch ({error})")
        return 3
    try:
        import numpy
    except ImportError:
        numpy = None
    torch.set_num_threads(args.threads)
    core, config = openblas_description()
    emit(kind="machine", python=sys.version.split()[0], executable=sys.executable, torch=torch.__version__,
         numpy=numpy.__version__ if numpy is not None else None, threads=torch.get_num_threads(),
         openblas_core=core, openblas_config=config, openblas_coretype_removed=removed_coretype,
         torch_cpu_capability=torch_build_setting(torch, "CPU capability usage"),
         mkldnn=torch.backends.mkldnn.is_available(), quick=args.quick)
    for key, _, description, run in selected:
        try:
            for library, value, detail, unit in run(torch, numpy, args.quick):
                emit(kind="result", workload=key, library=library, value=value, unit=unit,
                     description=description, detail=detail)
        except Exception as error:  # one failing workload must not hide the others' figures
            emit(kind="error", workload=key, library="torch", message=f"{type(error).__name__}: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
