using System.Globalization;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// <c>--compare</c>: before each of our suites runs, the PyTorch peer script measures the same workloads (a child
/// process, so the two never share the cores, and right before ours, so both meet the machine in the same state);
/// each of our rows that names a workload key then gets the peer's figure and the speed ratio under it, and the run
/// ends with a markdown table.
/// The peer runs twice, with OMP_WAIT_POLICY as in our environment and with PASSIVE, and each workload keeps its
/// faster figure: torch's OpenMP threads spin while they wait and so do OpenBLAS's, and on two cores shared with
/// anything else that spinning can make PyTorch a hundred times slower (measured here, load 40: LSTM fwd+bwd 3.7 s
/// spinning, 20 ms passive). The bar is the peer at its best.
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
        var (output, settings) = Measure(suites, quick, writer, candidates, script);
        return output is null ? null : new PeerComparison(output, settings);
    }

    /// <summary>
    /// Runs the peer for more <paramref name="suites"/> and adds its figures to <paramref name="comparison"/>, so each
    /// suite can be measured right before ours (the two then see the machine in the same state); false, after one
    /// line that says why, when the peer could not run.
    /// </summary>
    public static bool Extend(PeerComparison comparison, IEnumerable<string> suites, bool quick, TextWriter writer,
        IReadOnlyList<PythonCandidate>? candidates = null, string? script = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var (output, _) = Measure(suites, quick, writer, candidates, script);
        if (output is null) return false;
        comparison.Output.Append(output);
        return true;
    }

    private static (PeerOutput? Output, string Settings) Measure(IEnumerable<string> suites, bool quick, TextWriter writer,
        IReadOnlyList<PythonCandidate>? candidates, string? script)
    {
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(writer);
        string names = string.Join(",", suites);
        var arguments = new List<string> { "--suites", names };
        if (quick) arguments.Add("--quick");
        writer.WriteLine($"{Environment.NewLine}== PyTorch peer (--compare): measuring {names} in PyTorch first, then ours");
        if (MachineDescription.LoadWarning() is string warning) writer.WriteLine("  " + warning);
        script ??= PythonPeer.DefaultScript;
        var run = PythonPeer.Run(candidates ?? PythonPeer.Candidates(Environment.GetEnvironmentVariable), script,
            arguments, Gemm.Threads, Timeout, line => writer.WriteLine(Progress(line)));
        writer.WriteLine("  " + run.Message);
        if (run.Output is null) return (null, "");

        writer.WriteLine("  again with OMP_WAIT_POLICY=PASSIVE (OpenMP threads sleep instead of spinning); each workload keeps its faster figure");
        var passive = PythonPeer.Run([run.Interpreter!], script, arguments, Gemm.Threads, Timeout, line => writer.WriteLine(Progress(line)), "PASSIVE");
        if (passive.Output is null)
        {
            writer.WriteLine("  " + passive.Message);
            return (run.Output, run.Settings);
        }
        string first = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is { Length: > 0 } policy ? $"OMP_WAIT_POLICY={policy}" : "OMP_WAIT_POLICY unset";
        return (run.Output.BestOf(passive.Output, first, "PASSIVE"), $"{run.Settings}, best of {first} and PASSIVE");
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
