using System.Text.Json;

namespace DeepLearningCourse.Benchmarks;

/// <summary>One figure the peer script measured: a workload key (<see cref="PeerWorkloads"/>), the library that ran
/// it ("torch", "numpy"), the median and its unit ("GFLOP/s", "ms", "µs").</summary>
public sealed record PeerResult(string Workload, string Library, double Value, string Unit, string Description, string Detail);

/// <summary>A workload the script could not run (Workload is null for a failure before any workload, e.g. no torch).</summary>
public sealed record PeerError(string? Workload, string Library, string Message);

/// <summary>
/// The parsed stdout of pytorch/peer_benchmarks.py: one JSON object per line, <c>"kind"</c> = "machine", "result" or
/// "error". Lines that are not JSON objects of those kinds (a library's warning printed to stdout) are kept in
/// <see cref="Unrecognized"/>; a line of a known kind with a missing or mistyped field is a broken script and throws.
/// </summary>
public sealed class PeerOutput
{
    public PeerMachine? Machine { get; private set; }

    public List<PeerResult> Results { get; } = [];

    public List<PeerError> Errors { get; } = [];

    public List<string> Unrecognized { get; } = [];

    public static PeerOutput Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var output = new PeerOutput();
        foreach (string line in lines) output.Add(line);
        return output;
    }

    /// <summary>
    /// Per workload and library, the faster of this run's figure and <paramref name="other"/>'s (the same workloads
    /// under another setting), its detail naming the run it came from and the other run's figure. Errors of a
    /// workload that has a figure from either run are dropped; the machine is this run's.
    /// </summary>
    public PeerOutput BestOf(PeerOutput other, string thisRun, string otherRun)
    {
        ArgumentNullException.ThrowIfNull(other);
        var best = new PeerOutput { Machine = Machine ?? other.Machine };
        foreach (var mine in Results)
        {
            var theirs = other.Results.Find(r => r.Workload == mine.Workload && r.Library == mine.Library);
            if (theirs is null)
            {
                best.Results.Add(mine);
                continue;
            }
            bool otherFaster = SpeedRatio.Of(theirs.Value, theirs.Unit, mine.Value, mine.Unit) > 1;
            var (winner, loser, winnerRun, loserRun) = otherFaster ? (theirs, mine, otherRun, thisRun) : (mine, theirs, thisRun, otherRun);
            string detail = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{winnerRun}{(winner.Detail.Length > 0 ? ", " + winner.Detail : "")}; {loserRun}: {PeerComparison.Figure(loser.Value)} {loser.Unit}");
            best.Results.Add(winner with { Detail = detail });
        }
        best.Results.AddRange(other.Results.Where(r => !best.Results.Exists(b => b.Workload == r.Workload && b.Library == r.Library)));
        best.Errors.AddRange(Errors.Concat(other.Errors).Where(e => !best.Results.Exists(r => r.Workload == e.Workload)).Distinct());
        best.Unrecognized.AddRange(Unrecognized.Concat(other.Unrecognized));
        return best;
    }

    /// <summary>Parses one line and returns what it was (a <see cref="PeerMachine"/>, <see cref="PeerResult"/>,
    /// <see cref="PeerError"/>), or null for an unrecognized or blank line.</summary>
    public object? Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (string.IsNullOrWhiteSpace(line)) return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            Unrecognized.Add(line);
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            string? kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            switch (kind)
            {
                case "machine":
                    Machine = new PeerMachine(Text(root, "python", line), Text(root, "executable", line), Text(root, "torch", line),
                        OptionalText(root, "numpy", line), (int)Number(root, "threads", line), OptionalText(root, "openblas_core", line),
                        OptionalText(root, "openblas_config", line), OptionalText(root, "openblas_coretype_removed", line),
                        OptionalText(root, "torch_cpu_capability", line), Flag(root, "mkldnn", line), Flag(root, "quick", line));
                    return Machine;
                case "result":
                    var result = new PeerResult(Text(root, "workload", line), Text(root, "library", line), Number(root, "value", line),
                        Text(root, "unit", line), OptionalText(root, "description", line) ?? "", OptionalText(root, "detail", line) ?? "");
                    Results.Add(result);
                    return result;
                case "error":
                    var error = new PeerError(OptionalText(root, "workload", line), Text(root, "library", line), Text(root, "message", line));
                    Errors.Add(error);
                    return error;
                default:
                    Unrecognized.Add(line);
                    return null;
            }
        }
    }

    private static JsonElement Field(JsonElement root, string name, string line) =>
        root.TryGetProperty(name, out var value) ? value
        : throw new FormatException($"peer_benchmarks.py output: the field \"{name}\" is missing in {line}");

    private static string Text(JsonElement root, string name, string line) =>
        OptionalText(root, name, line) ?? throw new FormatException($"peer_benchmarks.py output: the field \"{name}\" is null in {line}");

    private static string? OptionalText(JsonElement root, string name, string line)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw new FormatException($"peer_benchmarks.py output: the field \"{name}\" must be a string, got {value.ValueKind} in {line}");
    }

    private static double Number(JsonElement root, string name, string line)
    {
        var value = Field(root, name, line);
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : throw new FormatException($"peer_benchmarks.py output: the field \"{name}\" must be a number, got {value.ValueKind} in {line}");
    }

    private static bool Flag(JsonElement root, string name, string line)
    {
        var value = Field(root, name, line);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
            : throw new FormatException($"peer_benchmarks.py output: the field \"{name}\" must be true or false, got {value.ValueKind} in {line}");
    }
}
