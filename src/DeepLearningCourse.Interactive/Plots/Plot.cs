using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Plot helpers for the notebooks. Each returns a Plotly.NET <see cref="GenericChart"/> that displays itself (offline) when it is
/// a cell's value; chain further Plotly.NET styling if you like. The helpers are split by topic over several files
/// (Plot.Training.cs, Plot.DecisionBoundary.cs, Plot.Heatmap.cs, Plot.Histograms.cs, Plot.LossSurface.cs, Plot.ImageGrid.cs).
/// </summary>
public static partial class Plot
{
    /// <summary>A line chart of one or more named series against x (e.g. several learning rates).</summary>
    public static GenericChart Lines(string? title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var traces = series.Select((s, k) => LineTrace(s.Name, s.X, s.Y, Figures.Colour(k)));
        return Figures.Chart(traces, title, xTitle, yTitle);
    }

    internal static Trace LineTrace(string name, IEnumerable<double> x, IEnumerable<double> y, string colour, string? dash = null, string? xAxis = null, string? yAxis = null, bool showLegend = true) =>
        Figures.Trace("scatter", ("x", x.ToArray()), ("y", y.ToArray()), ("mode", "lines"), ("name", name),
            ("line", dash is null ? new Dictionary<string, object> { ["color"] = colour } : new Dictionary<string, object> { ["color"] = colour, ["dash"] = dash }),
            ("xaxis", xAxis), ("yaxis", yAxis), ("showlegend", showLegend), ("legendgroup", name));

    internal static Trace PointTrace(string name, IEnumerable<double> x, IEnumerable<double> y, string colour, int size = 7) =>
        Figures.Trace("scatter", ("x", x.ToArray()), ("y", y.ToArray()), ("mode", "markers"), ("name", name),
            ("marker", new Dictionary<string, object> { ["color"] = colour, ["size"] = size, ["line"] = new Dictionary<string, object> { ["color"] = "white", ["width"] = 0.8 } }));

    /// <summary>Values of a rank-1 tensor, or of a [N, 1] column, as doubles.</summary>
    internal static double[] Column(Tensor t, string op, string what)
    {
        if (t.Rank == 1 || (t.Rank == 2 && t.Shape[1] == 1)) return t.Data.Select(v => (double)v).ToArray();
        throw new ShapeException($"{op}: {what} has shape {Tensor.ShapeText(t.Shape)}; it needs [N] or [N, 1].");
    }

    /// <summary>Runs a model without recording a graph and in evaluation mode, restoring its mode afterwards.</summary>
    internal static Tensor Evaluate(Module model, Tensor input)
    {
        bool wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            using (GradMode.Disable()) return model.Forward(input);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}
