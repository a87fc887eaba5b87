using System.Globalization;
using System.Text;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// <c>--compare --rounds N</c>: the comparison repeated N times (peer, then ours, each round), summed up in one
/// markdown table: per row the median of our figures and of the peer's, and the speed ratio of every round, sorted,
/// with its median. On a shared machine whose speed drifts from minute to minute, one round can favour either side;
/// the spread of the per-round ratios says how far a single figure can be trusted.
/// </summary>
public static class RoundsSummary
{
    /// <summary>
    /// The table over <paramref name="rounds"/> (each round's <see cref="PeerComparison.Pairs"/>); rows are matched by
    /// our row's suite and name and the peer's workload and library, in the first round's order.
    /// </summary>
    /// <param name="rounds">Each round's compared rows.</param>
    /// <param name="ours">Our machine, in words.</param>
    /// <param name="peer">The peer's libraries and settings, in words.</param>
    /// <param name="roundStates">Optional: each round's <see cref="BenchmarkReport.MachineState"/> notes, listed per round.</param>
    public static string Markdown(IReadOnlyList<IReadOnlyList<ComparedRow>> rounds, string ours, string peer, IReadOnlyList<IReadOnlyList<string>>? roundStates = null)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var rows = new List<(string Key, ComparedRow First, List<ComparedRow> Rounds)>();
        foreach (var round in rounds)
        {
            foreach (var pair in round)
            {
                string key = Key(pair);
                int index = rows.FindIndex(r => r.Key == key);
                if (index < 0) rows.Add((key, pair, [pair]));
                else rows[index].Rounds.Add(pair);
            }
        }

        var text = new StringBuilder();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"== Side by side with PyTorch (CPU) over {rounds.Count} rounds, markdown").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- ours: {ours}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- peer: {peer}");
        text.AppendLine("- each round measured the peer, then ours; figures are the medians over the rounds of each round's median; " +
            "speed = how many times as fast ours is (> 1: ours faster), every round's ratio listed lowest first");
        for (int round = 0; round < (roundStates?.Count ?? 0); round++)
        {
            if (roundStates![round].Count > 0)
                text.AppendLine(CultureInfo.InvariantCulture, $"- round {round + 1}: {string.Join("; ", roundStates[round])}");
        }
        text.AppendLine();
        text.AppendLine("| workload | ours | peer | peer's figure | speed per round | median speed |");
        text.AppendLine("|---|---:|---|---:|---:|---:|");
        foreach (var (_, first, measured) in rows)
        {
            var speeds = measured.Select(p => p.Speed).Order().ToList();
            // Our row's name only where several of our rows share one peer workload (as in the single-round table).
            bool shared = rows.Count(r => r.First.Peer.Workload == first.Peer.Workload && r.First.Peer.Library == first.Peer.Library) > 1;
            string workload = first.Peer.Description.Length == 0 ? first.Workload : first.Peer.Description + (shared ? $" ({first.Workload})" : "");
            string perRound = string.Join(", ", speeds.Select(SpeedRatio.Format)) + (measured.Count < rounds.Count ? $" ({measured.Count} of {rounds.Count} rounds)" : "");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {workload} | {PeerComparison.Figure(Median(measured.Select(p => p.Value)))} {first.Unit} | {Library(first.Peer.Library)} | " +
                $"{PeerComparison.Figure(Median(measured.Select(p => p.Peer.Value)))} {first.Peer.Unit} | {perRound} | {SpeedRatio.Format(Median(speeds))} |");
        }
        return text.ToString();
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("Median of no values.", nameof(values));
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Key(ComparedRow pair) => $"{pair.Suite}\u001f{pair.Workload}\u001f{pair.Peer.Workload}\u001f{pair.Peer.Library}";

    private static string Library(string library) => library switch { "torch" => "PyTorch", "numpy" => "numpy + OpenBLAS", _ => library };
}
