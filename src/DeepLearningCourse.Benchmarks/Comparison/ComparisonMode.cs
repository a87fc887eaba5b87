using System.Globalization;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// <c>--compare</c>: before our suites run, the PyTorch peer script measures the same workloads of the selected
/// suites (one child process, so the two never share the cores); each of our rows that names a workload key then
/// gets the peer's figure and the speed ratio under it, and the run ends with a markdown table.
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
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(writer);
        var arguments = new List<string> { "--suites", string.Join(",", suites) };
        if (quick) arguments.Add("--quick");
        writer.WriteLine($"{Environment.NewLine}== PyTorch peer (--compare): measuring the same workloads first, then ours");
        if (MachineDescription.LoadWarning() is string warning) writer.WriteLine("  " + warning);
        script ??= PythonPeer.DefaultScript;
        var run = PythonPeer.Run(candidates ?? PythonPeer.Candidates(Environment.GetEnvironmentVariable), script,
            arguments, Gemm.Threads, Timeout, line => writer.WriteLine(Progress(line)));
        writer.WriteLine("  " + run.Message);
        if (run.Output is null) return null;

        writer.WriteLine("  again with OMP_WAIT_POLICY=PASSIVE (OpenMP threads sleep instead of spinning); each workload keeps its faster figure");
        var passive = PythonPeer.Run([run.Interpreter!], script, arguments, Gemm.Threads, Timeout, line => writer.WriteLine(Progress(line)), "PASSIVE");
        if (passive.Output is null)
        {
            writer.WriteLine("  " + passive.Message);
            return new PeerComparison(run.Output, run.Settings);
        }
        string first = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is { Length: > 0 } policy ? $"OMP_WAIT_POLICY={policy}" : "OMP_WAIT_POLICY unset";
        return new PeerComparison(run.Output.BestOf(passive.Output, first, "PASSIVE"), $"{run.Settings}, best of {first} and PASSIVE");
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
