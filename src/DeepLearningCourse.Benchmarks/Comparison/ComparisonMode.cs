using System.Globalization;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// <c>--compare</c>: before our suites run, the PyTorch peer script measures the same workloads of the selected
/// suites (one child process, so the two never share the cores); each of our rows that names a workload key then
/// gets the peer's figure and the speed ratio under it, and the run ends with a markdown table.
/// </summary>
public static class ComparisonMode
{
    /// <summary>How long the peer may take before it is stopped (a full run takes about a minute on 2 cores).</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Runs the peer for <paramref name="suites"/>, printing progress to <paramref name="writer"/>; returns the
    /// comparison, or null after printing one line that says why there is none (no python3, no torch).
    /// </summary>
    public static PeerComparison? Start(IEnumerable<string> suites, bool quick, TextWriter writer,
        IReadOnlyList<PythonCandidate>? candidates = null, string? script = null)
    {
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(writer);
        var arguments = new List<string> { "--suites", string.Join(",", suites) };
        if (quick) arguments.Add("--quick");
        writer.WriteLine($"{Environment.NewLine}== PyTorch peer (--compare): measuring the same workloads first, then ours");
        if (MachineDescription.LoadWarning() is string warning) writer.WriteLine("  " + warning);
        var run = PythonPeer.Run(candidates ?? PythonPeer.Candidates(Environment.GetEnvironmentVariable), script ?? PythonPeer.DefaultScript,
            arguments, Gemm.Threads, Timeout, line => writer.WriteLine(Progress(line)));
        writer.WriteLine("  " + run.Message);
        return run.Output is null ? null : new PeerComparison(run.Output, run.Settings);
    }

    /// <summary>Writes the markdown summary (with a warning when the machine was busy at the end).</summary>
    public static void Finish(PeerComparison comparison, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(comparison.Summary(MachineDescription.Describe()));
        if (MachineDescription.LoadWarning() is string warning) writer.WriteLine("- " + warning);
    }

    private static string Progress(object line) => line switch
    {
        PeerMachine machine => "  " + machine.Describe(),
        PeerResult result => BenchmarkReport.FormatRow($"{result.Workload} ({result.Library})", result.Value, result.Unit, result.Detail),
        PeerError error => $"  {error.Workload ?? "peer"}: {error.Message}",
        _ => string.Create(CultureInfo.InvariantCulture, $"  {line}"),
    };
}
