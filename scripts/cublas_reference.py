#!/usr/bin/env python3
"""cuBLAS SGEMM reference for the "gpu" benchmark suite (docs/gpu.md).

Runs torch.matmul on float32 n x n matrices with TF32 disabled (so the GPU does true FP32 arithmetic, as the ILGPU
kernels do) and prints GFLOP/s at the same sizes as `DeepLearningCourse.Benchmarks --only gpu`, median of timed runs
after a warm-up, measured with CUDA events. Optional: --tf32 also prints the tensor-core (TF32) figures.

Usage: python3 scripts/cublas_reference.py [--sizes 1024,2048,4096,8192] [--tf32]
"""
import argparse
import statistics

import torch


def median_ms(fn, warmup=3, repetitions=11):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repetitions):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times)


def run(sizes, tf32):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    label = "cuBLAS SGEMM (TF32 tensor cores)" if tf32 else "cuBLAS SGEMM (FP32, TF32 off)"
    generator = torch.Generator(device="cuda").manual_seed(0)
    for n in sizes:
        a = torch.rand(n, n, device="cuda", dtype=torch.float32, generator=generator) * 2 - 1
        b = torch.rand(n, n, device="cuda", dtype=torch.float32, generator=generator) * 2 - 1
        c = torch.empty(n, n, device="cuda", dtype=torch.float32)
        ms = median_ms(lambda: torch.matmul(a, b, out=c), repetitions=5 if n >= 8192 else 11)
        gflops = 2.0 * n ** 3 / (ms * 1e6)
        print(f"  {label + ' n=' + str(n):<52} {gflops:10.1f} GFLOP/s  {ms:.3f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1024,2048,4096,8192")
    parser.add_argument("--tf32", action="store_true", help="also measure with TF32 tensor cores")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("No CUDA device visible to PyTorch; nothing to measure.")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"== cuBLAS reference on {torch.cuda.get_device_name(0)} (torch {torch.__version__}, CUDA {torch.version.cuda})")
    run(sizes, tf32=False)
    if args.tf32:
        run(sizes, tf32=True)


if __name__ == "__main__":
    main()
