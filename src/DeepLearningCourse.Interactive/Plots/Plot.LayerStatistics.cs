using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// One line per named series of a per-layer statistic (activation std, gradient std, dead fraction…) against the layer number
    /// 1..L, on a logarithmic y axis by default, so geometric vanishing or exploding shows as a straight slope.
    /// <paramref name="xTitle"/> names what is counted ("block" for the blocks of a residual network).
    /// </summary>
    public static GenericChart LayerStatistics(string title, string yTitle, IEnumerable<KeyValuePair<string, double[]>> series, bool logY = true,
        string xTitle = "layer")
    {
        ArgumentNullException.ThrowIfNull(series);
        var list = series.ToList();
        if (list.Count == 0) throw new ArgumentException("Plot.LayerStatistics: no series given; pass at least one (name, values per layer).", nameof(series));
        var traces = list.Select((s, k) =>
            LineTrace(s.Key, Enumerable.Range(1, s.Value.Length).Select(l => (double)l), s.Value, Figures.Colour(k)));
        var chart = Figures.Chart(traces, title, xTitle, yTitle);
        return logY ? chart.WithLogY(yTitle + " (log scale)") : chart;
    }
}
