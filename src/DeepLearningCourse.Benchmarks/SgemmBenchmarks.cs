using System.Diagnostics;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "sgemm": <see cref="Gemm.Multiply"/> on square n×n matrices, GFLOP/s (2n³ flops per product) and the share of
/// the measured FMA peak on all cores (median, and the best run: the machine may be shared); the first row is a tiny XOR-sized product (per-call overhead).
/// </summary>
public sealed class SgemmBenchmarks : BenchmarkSuite
{
    public override string Name => "sgemm";

    public override int Order => 20;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        double peak = FmaPeakBenchmarks.Measure(Environment.ProcessorCount);
        report.Heading($"SGEMM C = A·B, {Gemm.Description}; peak {peak:F0} GFLOP/s on {Environment.ProcessorCount} threads");

        var tinyA = new float[] { 0, 0, 0, 1, 1, 0, 1, 1 };
        var tinyB = new float[] { 1, 2, 3, 4 };
        var tinyC = new float[8];
        BenchmarkReport.WarmUp(() => Gemm.Multiply(tinyA, tinyB, tinyC, 4, 2, 2));
        const int calls = 10_000;
        double tinyMs = report.MedianMilliseconds(() =>
        {
            for (int i = 0; i < calls; i++) Gemm.Multiply(tinyA, tinyB, tinyC, 4, 2, 2);
        });
        report.Row(Name, "4×2 · 2×2 (XOR layer), per call", tinyMs * 1000 / calls, "µs");

        foreach (int n in new[] { 128, 256, 512, 1024, 2048 })
        {
            var random = new Random(n);
            var a = new float[n * n];
            var b = new float[n * n];
            var c = new float[n * n];
            for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
            for (int i = 0; i < b.Length; i++) b[i] = (float)(random.NextDouble() * 2 - 1);
            int repeat = n <= 256 ? 20 : 1;
            double bestMs = double.MaxValue;
            double ms = report.MedianMilliseconds(() =>
            {
                long start = Stopwatch.GetTimestamp();
                for (int r = 0; r < repeat; r++) Gemm.Multiply(a, b, c, n, n, n);
                bestMs = Math.Min(bestMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds / repeat);
            }) / repeat;
            double gflops = Gflops(n, ms), best = Gflops(n, bestMs);
            report.Row(Name, $"n = {n}", gflops, "GFLOP/s",
                $"{100 * gflops / peak:F0}% of peak, {ms:F3} ms (best run {best:F0} GFLOP/s, {100 * best / peak:F0}%)", peer: PeerWorkloads.Sgemm(n));
        }
    }

    private static double Gflops(int n, double milliseconds) => 2.0 * n * n * n / (milliseconds * 1e-3) / 1e9;
}
