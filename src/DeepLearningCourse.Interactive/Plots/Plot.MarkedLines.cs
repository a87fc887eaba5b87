using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// Series drawn as lines through marked points, for comparisons where each point is one trained model (error against
    /// parameter count, against width). A series with a single point shows as a lone marker, so a model family with one
    /// size can stand next to a family swept over sizes. Chain <c>.WithLogX().WithLogY()</c> for sizes and errors spanning
    /// decades.
    /// </summary>
    public static GenericChart MarkedLines(string? title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
        {
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Plot.MarkedLines: series \"{s.Name}\" has {s.X.Count} x values but {s.Y.Count} y values; give one y per x.", nameof(series));
        }
        var traces = series.Select((s, k) => Figures.Trace("scatter", ("x", s.X.ToArray()), ("y", s.Y.ToArray()), ("mode", "lines+markers"), ("name", s.Name),
            ("line", new Dictionary<string, object> { ["color"] = Figures.Colour(k) }),
            ("marker", new Dictionary<string, object> { ["color"] = Figures.Colour(k), ["size"] = 9 })));
        return Figures.Chart(traces, title, xTitle, yTitle);
    }
}
