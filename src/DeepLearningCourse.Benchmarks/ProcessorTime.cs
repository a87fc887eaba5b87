using System.Diagnostics;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// Processor time (all threads of this process) per run of an action. On a shared, busy machine wall-clock medians
/// include time spent waiting for a core; processor time does not, so the two together show how much of a figure is
/// the machine's load. Used by the lstm and transformer suites.
/// </summary>
internal static class ProcessorTime
{
    /// <summary>Mean processor milliseconds per run over <paramref name="runs"/> runs (after one warm-up run).</summary>
    public static double PerRun(Action action, int runs)
    {
        action();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan start = process.TotalProcessorTime;
        for (int i = 0; i < runs; i++) action();
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalMilliseconds / runs;
    }

    /// <summary>"cpu 12.3 ms, load 4.2" for a report comment (load: the 1-minute load average, where Linux shows it).</summary>
    public static string Comment(double cpuMilliseconds)
    {
        string load = "";
        try
        {
            if (File.Exists("/proc/loadavg"))
                load = ", load " + File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
        }
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"processor time {cpuMilliseconds:F1} ms{load}");
    }
}
