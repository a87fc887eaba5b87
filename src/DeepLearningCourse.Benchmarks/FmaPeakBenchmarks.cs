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
    /// <summary>The latest measurement per thread count, which SGEMM's "% of peak" is taken against.</summary>
    private static readonly Dictionary<int, double> s_latest = [];

    public override string Name => "peak";

    public override int Order => 10;

    public override void Run(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Heading($"FMA peak ({(Vector512.IsHardwareAccelerated ? "Vector512" : "Vector256")}, 12 independent chains per thread)");
        // Measured afresh each time the suite runs (each round of --rounds): this VM's speed changes from minute to minute.
        double oneThread = 0;
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            var (best, median) = MeasureRuns(threads);
            if (threads == 1) oneThread = best;
            report.Row(Name, threads == 1 ? "FMA peak, 1 thread" : $"FMA peak, {threads} threads", best, "GFLOP/s",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"median of the 20 runs {median:F0} GFLOP/s"));
            if (threads == Environment.ProcessorCount)
            {
                report.MachineState.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"FMA peak on {threads} threads {best:F0} GFLOP/s (median run {median:F0})"));
                if (SharedCoresWarning(oneThread, best, threads) is { } warning)
                {
                    report.Line("warning: " + warning);
                    report.MachineState.Add(warning);
                }
            }
        }
    }

    /// <summary>
    /// A warning when <paramref name="threads"/> threads together reach less than 1.5× the FMA peak of one: the cores
    /// the operating system shows are then not independent right now (on the development VM the two virtual CPUs were
    /// for some minutes placed on one physical core: 226 GFLOP/s on 2 threads against 225 on 1, where 440 is usual).
    /// Every multi-threaded figure of the run then measures about one core. Null when the threads scale, or on one core.
    /// </summary>
    public static string? SharedCoresWarning(double oneThread, double allThreads, int threads)
    {
        if (threads < 2 || !(oneThread > 0) || allThreads >= 1.5 * oneThread) return null;
        string ratio = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{threads} threads reached only {allThreads / oneThread:F2}× one thread's FMA peak ({allThreads:F0} against {oneThread:F0} GFLOP/s)");
        return ratio + ": the cores are shared right now (a virtual machine's CPUs on one physical core, or another process spinning), " +
            "so every multi-threaded figure below measures about one core; run again later for figures that use all of them";
    }

    /// <summary>
    /// Peak GFLOP/s on <paramref name="threads"/> threads: the latest figure measured in this process, or a new
    /// measurement (best of 20 short runs) when there is none.
    /// </summary>
    public static double Measure(int threads) => s_latest.TryGetValue(threads, out double latest) ? latest : MeasureRuns(threads).Best;

    /// <summary>
    /// 20 short runs of 12 independent FMA chains per thread: the best run's GFLOP/s (the peak) and the median's
    /// (how fast the cores ran over the whole measurement, which the best hides when the VM slows down part of the time).
    /// </summary>
    private static (double Best, double Median) MeasureRuns(int threads)
    {
        const long iterations = 5_000_000;
        double flopsPerIteration = 12.0 * 2 * (Vector512.IsHardwareAccelerated ? 16 : 8);
        var rates = new double[20];
        for (int run = 0; run < rates.Length; run++)
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
            rates[run] = flopsPerIteration * iterations * threads / seconds / 1e9;
        }
        Array.Sort(rates);
        s_latest[threads] = rates[^1];
        return (rates[^1], (rates[9] + rates[10]) / 2);
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
