using System.Globalization;

namespace DeepLearningCourse.Benchmarks;

/// <summary>
/// Ours against a peer on the same workload as one number, the speed ratio: how many times as fast ours is
/// (peer time ÷ our time, or our rate ÷ peer rate), so &gt; 1 always means ours is faster whatever the unit.
/// Rates (GFLOP/s, GB/s) are better higher; times (s, ms, µs, ns) are better lower and may differ in unit.
/// </summary>
public static class SpeedRatio
{
    private static readonly Dictionary<string, double> s_millisecondsPer = new(StringComparer.Ordinal)
    {
        ["s"] = 1e3, ["ms"] = 1, ["µs"] = 1e-3, ["us"] = 1e-3, ["ns"] = 1e-6,
    };

    private static readonly HashSet<string> s_rates = new(StringComparer.Ordinal) { "GFLOP/s", "GB/s" };

    /// <summary>True for rates (higher is better), false for times (lower is better); throws for any other unit.</summary>
    public static bool HigherIsBetter(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (s_rates.Contains(unit)) return true;
        if (s_millisecondsPer.ContainsKey(unit)) return false;
        throw new ArgumentException($"SpeedRatio: unknown unit \"{unit}\"; use a rate ({string.Join(", ", s_rates)}) or a time ({string.Join(", ", s_millisecondsPer.Keys)}).", nameof(unit));
    }

    /// <summary>"higher is better" or "lower is better" for <paramref name="unit"/>.</summary>
    public static string Direction(string unit) => HigherIsBetter(unit) ? "higher is better" : "lower is better";

    /// <summary>How many times as fast ours is as the peer (&gt; 1: ours faster). Both figures must be positive and
    /// both units rates of the same kind or both times.</summary>
    public static double Of(double ours, string oursUnit, double peer, string peerUnit)
    {
        if (!(ours > 0) || !(peer > 0) || double.IsInfinity(ours) || double.IsInfinity(peer))
            throw new ArgumentOutOfRangeException(nameof(ours), $"SpeedRatio: figures must be positive and finite, got ours {ours} {oursUnit} and peer {peer} {peerUnit}.");
        bool higher = HigherIsBetter(oursUnit);
        if (higher != HigherIsBetter(peerUnit) || (higher && oursUnit != peerUnit))
            throw new ArgumentException($"SpeedRatio: cannot compare {oursUnit} with {peerUnit}; the peer must report the same rate, or a time when ours is a time.", nameof(peerUnit));
        return higher ? ours / peer : peer * s_millisecondsPer[peerUnit] / (ours * s_millisecondsPer[oursUnit]);
    }

    /// <summary>"1.03×", "59×", "0.48×": two decimals below 10, none above.</summary>
    public static string Format(double ratio) => ratio.ToString(ratio >= 10 ? "F0" : "F2", CultureInfo.InvariantCulture) + "×";

    /// <summary>"ours faster", "peer faster" (with its name) or "even" (within 1%).</summary>
    public static string Verdict(double ratio, string peerName) =>
        Math.Abs(ratio - 1) < 0.01 ? "even" : ratio > 1 ? "ours faster" : $"{peerName} faster";
}
