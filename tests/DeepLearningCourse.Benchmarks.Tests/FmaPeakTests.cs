namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class FmaPeakTests
{
    [Fact]
    public void Each_run_of_the_suite_measures_afresh_prints_the_median_beside_the_best_and_sgemm_uses_the_latest()
    {
        var output = new StringWriter();
        var report = new BenchmarkReport(output, quick: true);
        var suite = new FmaPeakBenchmarks();

        suite.Run(report);
        suite.Run(report);

        var peaks = report.Rows.Where(row => row.Suite == "peak").ToList();
        Assert.Equal(4, peaks.Count);
        Assert.All(peaks, row => Assert.True(row.Value > 0 && double.IsFinite(row.Value), $"{row.Workload}: {row.Value}"));
        string allCores = $"FMA peak, {Environment.ProcessorCount} threads";
        if (Environment.ProcessorCount == 1) allCores = "FMA peak, 1 thread";
        // The latest measurement on all cores is the one SGEMM's "% of peak" uses.
        Assert.Equal(peaks.Last(row => row.Workload == allCores).Value, FmaPeakBenchmarks.Measure(Environment.ProcessorCount));

        var medians = output.ToString().Split('\n')
            .Where(line => line.Contains("FMA peak", StringComparison.Ordinal) && line.Contains("median of the 20 runs", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.IndexOf("median of the 20 runs", StringComparison.Ordinal) + 22)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(4, medians.Count);
        Assert.Equal(2, report.MachineState.Count(note => note.StartsWith($"FMA peak on {Environment.ProcessorCount} threads ", StringComparison.Ordinal)));
        for (int i = 0; i < 4; i++) Assert.InRange(medians[i], 1, Math.Round(peaks[i].Value) + 0.5);
    }

    [Fact]
    public void Warns_when_the_threads_together_do_not_reach_one_and_a_half_cores()
    {
        // Measured on the development VM while its two CPUs shared one physical core, and when they did not.
        string? shared = FmaPeakBenchmarks.SharedCoresWarning(oneThread: 225.4, allThreads: 225.9, threads: 2);
        Assert.NotNull(shared);
        Assert.Contains("1.00× one thread's FMA peak (226 against 225 GFLOP/s)", shared, StringComparison.Ordinal);
        Assert.Contains("measures about one core", shared, StringComparison.Ordinal);

        Assert.Null(FmaPeakBenchmarks.SharedCoresWarning(oneThread: 225.5, allThreads: 440.3, threads: 2));
        Assert.Null(FmaPeakBenchmarks.SharedCoresWarning(oneThread: 225.5, allThreads: 225.5, threads: 1));
        Assert.NotNull(FmaPeakBenchmarks.SharedCoresWarning(oneThread: 100, allThreads: 149, threads: 4));
        Assert.Null(FmaPeakBenchmarks.SharedCoresWarning(oneThread: 100, allThreads: 150, threads: 4));
    }
}
