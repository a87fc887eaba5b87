using System.Globalization;
using System.Text;

namespace DeepLearningCourse.Benchmarks;

/// <summary>One of our rows next to one peer figure for the same workload.</summary>
public sealed record ComparedRow(string Suite, string Workload, double Value, string Unit, PeerResult Peer, double Speed);

/// <summary>
/// Pairs our benchmark rows with the peer script's figures by workload key (<see cref="PeerWorkloads"/>): the lines
/// printed under each row (the peer's figure, and how many times as fast ours is) and, at the end, a markdown
/// summary table with both machines described.
/// </summary>
/// <param name="output">The peer script's parsed output.</param>
/// <param name="settings">How the peer's environment was set (e.g. "OPENBLAS_CORETYPE=Haswell removed, OMP/OpenBLAS/MKL threads 2").</param>
public sealed class PeerComparison(PeerOutput output, string settings)
{
    private readonly List<ComparedRow> _pairs = [];
    private readonly List<(string Suite, string Workload, string Key, string Why)> _unpaired = [];

    public PeerOutput Output { get; } = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>The peer's machine, versions and environment settings, as the summary heads it.</summary>
    public string PeerDescription => $"{Output.Machine?.Describe() ?? "(the peer script did not describe itself)"}; {settings}";

    /// <summary>Every pairing made so far, in report order.</summary>
    public IReadOnlyList<ComparedRow> Pairs => _pairs;

    /// <summary>
    /// Records our row (a figure of workload <paramref name="key"/>) against each peer figure for that key and returns
    /// the lines to print under it, in the report's columns: the peer's name, figure and unit, then the speed ratio.
    /// </summary>
    public IReadOnlyList<string> Compare(string suite, string workload, double value, string unit, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var lines = new List<string>();
        foreach (var peer in Output.Results.Where(r => r.Workload == key))
        {
            double speed = SpeedRatio.Of(value, unit, peer.Value, peer.Unit);
            _pairs.Add(new ComparedRow(suite, workload, value, unit, peer, speed));
            string name = PeerName(peer.Library);
            lines.Add(BenchmarkReport.FormatRow($"  vs {name}", peer.Value, peer.Unit, string.Create(CultureInfo.InvariantCulture,
                $"ours is {SpeedRatio.Format(speed)} as fast: {SpeedRatio.Verdict(speed, ShortName(peer.Library))} ({peer.Unit}: {SpeedRatio.Direction(peer.Unit)})")));
        }
        if (lines.Count == 0)
        {
            var error = Output.Errors.FirstOrDefault(e => e.Workload == key);
            string why = error is null ? $"the peer script did not measure \"{key}\"" : $"the peer script failed: {error.Message}";
            _unpaired.Add((suite, workload, key, why));
            lines.Add($"    vs PyTorch: no figure ({why})");
        }
        return lines;
    }

    /// <summary>
    /// The side-by-side table in markdown, headed by both machine descriptions (<paramref name="ours"/> from
    /// <see cref="MachineDescription.Describe"/>), followed by what could not be paired.
    /// </summary>
    public string Summary(string ours)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine("== Side by side with PyTorch (CPU), markdown").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- ours: {ours}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- peer: {PeerDescription}");
        text.AppendLine("- figures are medians after a warm-up; speed = how many times as fast ours is (> 1: ours faster)" +
            (Output.Machine?.Quick == true ? "; QUICK MODE: rough figures" : ""));
        text.AppendLine();
        text.AppendLine("| workload | ours | peer | peer's figure | speed (ours ÷ peer) |");
        text.AppendLine("|---|---:|---|---:|---:|");
        foreach (var pair in _pairs)
        {
            bool shared = _pairs.Count(p => p.Peer.Workload == pair.Peer.Workload && p.Peer.Library == pair.Peer.Library) > 1;
            string workload = (pair.Peer.Description.Length > 0 ? pair.Peer.Description : pair.Peer.Workload) + (shared ? $" ({pair.Workload})" : "");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {workload} | {Figure(pair.Value)} {pair.Unit} | {PeerName(pair.Peer.Library)} | {Figure(pair.Peer.Value)} {pair.Peer.Unit} | {SpeedRatio.Format(pair.Speed)} |");
        }
        foreach (var (suite, workload, key, why) in _unpaired)
            text.AppendLine(CultureInfo.InvariantCulture, $"- not compared: {suite} \"{workload}\" ({key}): {why}");
        foreach (var result in Output.Results.Where(r => !_pairs.Exists(p => p.Peer == r)))
            text.AppendLine(CultureInfo.InvariantCulture, $"- not compared: the peer measured {result.Workload} ({ShortName(result.Library)}) but no row of ours named it");
        foreach (var error in Output.Errors.Where(e => e.Workload is null || !_unpaired.Exists(u => u.Key == e.Workload)))
            text.AppendLine(CultureInfo.InvariantCulture, $"- peer error{(error.Workload is null ? "" : $" in {error.Workload}")}: {error.Message}");
        return text.ToString();
    }

    /// <summary>"464", "97.3", "4.87", "0.861": three significant digits or more, no exponent.</summary>
    public static string Figure(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "F0" : Math.Abs(value) >= 10 ? "F1" : Math.Abs(value) >= 1 ? "F2" : "F3", CultureInfo.InvariantCulture);

    private string PeerName(string library) => library switch
    {
        "torch" => Output.Machine is null ? "PyTorch" : $"PyTorch {Output.Machine.Torch}",
        "numpy" => Output.Machine?.OpenBlasCore is null ? "numpy" : $"numpy + OpenBLAS ({Output.Machine.OpenBlasCore})",
        _ => library,
    };

    private static string ShortName(string library) => library switch { "torch" => "PyTorch", _ => library };
}
