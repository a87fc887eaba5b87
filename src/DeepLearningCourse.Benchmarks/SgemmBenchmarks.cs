using System.Diagnostics;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "sgemm": <see cref="Gemm.Multiply"/> on square n×n matrices, GFLOP/s (2n³ flops per product) and the share of
/// the measured FMA peak on all cores (median, and the best run: the machine may be shared); the first row is a tiny XOR-sized product (per-call overhead),
/// the last rows the skinny products of the MLP benchmark's training step.
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
            var (ms, bestMs) = Time(report, n, n, n, transposeA: false, transposeB: false);
            double gflops = Gflops(n, n, n, ms), best = Gflops(n, n, n, bestMs);
            report.Row(Name, $"n = {n}", gflops, "GFLOP/s",
                $"{100 * gflops / peak:F0}% of peak, {ms:F3} ms (best run {best:F0} GFLOP/s, {100 * best / peak:F0}%)", peer: PeerWorkloads.Sgemm(n));
        }

        // The skinny products of the MLP benchmark (784-256-256-10, batch 128): forward X·W, and backward dX = dY·Wᵀ, dW = Xᵀ·dY.
        foreach (var (m, n, k, transposeA, transposeB, label) in new[]
        {
            (128, 256, 784, false, false, "MLP 128×784 · 784×256 (X·W)"),
            (128, 784, 256, false, true, "MLP 128×256 · (784×256)ᵀ (dY·Wᵀ)"),
            (784, 256, 128, true, false, "MLP (128×784)ᵀ · 128×256 (Xᵀ·dY)"),
            (128, 10, 256, false, false, "MLP 128×256 · 256×10 (X·W)"),
        })
        {
            var (ms, bestMs) = Time(report, m, n, k, transposeA, transposeB);
            report.Row(Name, label, Gflops(m, n, k, ms), "GFLOP/s", $"{ms * 1000:F1} µs (best run {Gflops(m, n, k, bestMs):F0} GFLOP/s)");
        }
    }

    /// <summary>Median and fastest milliseconds of one product op(A)·op(B) = C [m, n] with random A and B.</summary>
    private static (double Median, double Best) Time(BenchmarkReport report, int m, int n, int k, bool transposeA, bool transposeB)
    {
        var random = new Random(m * 31 + n * 7 + k);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(random.NextDouble() * 2 - 1);
        // Products under 0.2 GFLOP are timed in batches of about that much work (about a millisecond).
        int repeat = Math.Max(1, (int)(200_000_000 / (2.0 * m * n * k)));
        double bestMs = double.MaxValue;
        double ms = report.MedianMilliseconds(() =>
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < repeat; r++) Gemm.Multiply(a, b, c, m, n, k, transposeA, transposeB);
            bestMs = Math.Min(bestMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds / repeat);
        }) / repeat;
        return (ms, bestMs);
    }

    private static double Gflops(int m, int n, int k, double milliseconds) => 2.0 * m * n * k / (milliseconds * 1e-3) / 1e9;
}
