using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// "peak": the measured fused-multiply-add peak (GFLOP/s) on 1 and on all cores: 12 independent Vector512 (or
/// Vector256) accumulator chains per thread, enough to hide the FMA latency. SGEMM figures are reported against this.
/// </summary>
public sealed class FmaPeakBenchmarks : BenchmarkSuite
{
    private static readonly Dictionary<int, double> s_measured = [];

    public override string Name => "peak";

    public override int Order => 10;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading($"FMA peak ({(Vector512.IsHardwareAccelerated ? "Vector512" : "Vector256")}, 12 independent chains per thread)");
        report.Row(Name, "FMA peak, 1 thread", Measure(1), "GFLOP/s");
        report.Row(Name, $"FMA peak, {Environment.ProcessorCount} threads", Measure(Environment.ProcessorCount), "GFLOP/s");
    }

    /// <summary>Measured peak GFLOP/s on <paramref name="threads"/> threads (best of 20 short runs, cached per process).</summary>
    public static double Measure(int threads)
    {
        if (s_measured.TryGetValue(threads, out double cached)) return cached;
        const long iterations = 5_000_000;
        double flopsPerIteration = 12.0 * 2 * (Vector512.IsHardwareAccelerated ? 16 : 8);
        double best = 0;
        for (int run = 0; run < 20; run++)
        {
            var workers = new Thread[threads];
            float sink = 0;
            var start = Stopwatch.StartNew();
            for (int t = 0; t < threads; t++)
            {
                workers[t] = new Thread(() =>
                {
                    float value = Vector512.IsHardwareAccelerated ? Chains512(iterations) : Chains256(iterations);
                    if (value == 42) Volatile.Write(ref sink, value);
                });
                workers[t].Start();
            }
            foreach (var worker in workers) worker.Join();
            double seconds = start.Elapsed.TotalSeconds;
            best = Math.Max(best, flopsPerIteration * iterations * threads / seconds / 1e9);
        }
        return s_measured[threads] = best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long iterations)
    {
        var x = Vector512.Create(0.999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
            c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, x, y); c1 = Vector512.FusedMultiplyAdd(c1, x, y);
            c2 = Vector512.FusedMultiplyAdd(c2, x, y); c3 = Vector512.FusedMultiplyAdd(c3, x, y);
            c4 = Vector512.FusedMultiplyAdd(c4, x, y); c5 = Vector512.FusedMultiplyAdd(c5, x, y);
            c6 = Vector512.FusedMultiplyAdd(c6, x, y); c7 = Vector512.FusedMultiplyAdd(c7, x, y);
            c8 = Vector512.FusedMultiplyAdd(c8, x, y); c9 = Vector512.FusedMultiplyAdd(c9, x, y);
            c10 = Vector512.FusedMultiplyAdd(c10, x, y); c11 = Vector512.FusedMultiplyAdd(c11, x, y);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long iterations)
    {
        var x = Vector256.Create(0.999999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
            c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, x, y); c1 = Vector256.FusedMultiplyAdd(c1, x, y);
            c2 = Vector256.FusedMultiplyAdd(c2, x, y); c3 = Vector256.FusedMultiplyAdd(c3, x, y);
            c4 = Vector256.FusedMultiplyAdd(c4, x, y); c5 = Vector256.FusedMultiplyAdd(c5, x, y);
            c6 = Vector256.FusedMultiplyAdd(c6, x, y); c7 = Vector256.FusedMultiplyAdd(c7, x, y);
            c8 = Vector256.FusedMultiplyAdd(c8, x, y); c9 = Vector256.FusedMultiplyAdd(c9, x, y);
            c10 = Vector256.FusedMultiplyAdd(c10, x, y); c11 = Vector256.FusedMultiplyAdd(c11, x, y);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
