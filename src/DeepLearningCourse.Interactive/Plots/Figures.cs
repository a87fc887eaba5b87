using Microsoft.FSharp.Collections;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Builds Plotly.NET charts from plain trace properties (the names of plotly.js's JSON schema, so a student can look them up in
/// the plotly.js reference). Every chart gets its own Layout object: nothing is shared between charts.
/// </summary>
internal static class Figures
{
    public const int DefaultHeight = 420;

    public static Trace Trace(string type, params (string Key, object? Value)[] properties)
    {
        var trace = new Trace2D(type);
        foreach (var (key, value) in properties)
            if (value is not null) trace.SetProperty(key, value);
        return trace;
    }

    public static GenericChart Chart(IEnumerable<Trace> traces, string? title = null, string? xTitle = null, string? yTitle = null,
        int height = DefaultHeight, bool logY = false, bool reverseY = false, bool equalAxes = false)
    {
        var layout = new Layout();
        layout.SetProperty("height", height);
        layout.SetProperty("margin", new Dictionary<string, object> { ["l"] = 60, ["r"] = 20, ["t"] = title is null ? 20 : 50, ["b"] = 50 });
        if (title is not null) layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        var xAxis = new Dictionary<string, object>();
        var yAxis = new Dictionary<string, object>();
        if (xTitle is not null) xAxis["title"] = new Dictionary<string, object> { ["text"] = xTitle };
        if (yTitle is not null) yAxis["title"] = new Dictionary<string, object> { ["text"] = yTitle };
        if (logY) yAxis["type"] = "log";
        if (reverseY) yAxis["autorange"] = "reversed";
        if (equalAxes) yAxis["scaleanchor"] = "x";
        layout.SetProperty("xaxis", xAxis);
        layout.SetProperty("yaxis", yAxis);
        return GenericChart.NewMultiChart(ListModule.OfSeq(traces), layout, new Config(), new DisplayOptions());
    }

    /// <summary>Sets a layout property of a chart built by <see cref="Chart"/>.</summary>
    public static GenericChart WithLayout(this GenericChart chart, string key, object value)
    {
        GenericChart.getLayout(chart).SetProperty(key, value);
        return chart;
    }

    /// <summary>Sample points from min to max inclusive.</summary>
    public static double[] Range(double min, double max, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = count == 1 ? min : min + (max - min) * i / (count - 1);
        return values;
    }

    /// <summary>plotly.js's default colour sequence, for series that must match across traces (class k, path k).</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string Colour(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>Axis names for subplot k (0-based): "x", "x2", … as traces name them; "xaxis", "xaxis2", … as the layout does.</summary>
    public static (string TraceX, string TraceY, string LayoutX, string LayoutY) Axes(int k) =>
        k == 0 ? ("x", "y", "xaxis", "yaxis") : ($"x{k + 1}", $"y{k + 1}", $"xaxis{k + 1}", $"yaxis{k + 1}");

    /// <summary>Arranges subplots in a grid with one title per panel.</summary>
    public static GenericChart Grid(GenericChart chart, int rows, int columns, IReadOnlyList<string> titles, bool logY = false)
    {
        chart.WithLayout("grid", new Dictionary<string, object> { ["rows"] = rows, ["columns"] = columns, ["pattern"] = "independent", ["ygap"] = 0.35 });
        var annotations = new List<Dictionary<string, object>>();
        for (int k = 0; k < titles.Count; k++)
        {
            var (traceX, traceY, layoutX, layoutY) = Axes(k);
            var yAxis = new Dictionary<string, object>();
            if (logY) yAxis["type"] = "log";
            chart.WithLayout(layoutY, yAxis);
            chart.WithLayout(layoutX, new Dictionary<string, object>());
            annotations.Add(new Dictionary<string, object>
            {
                ["text"] = titles[k], ["showarrow"] = false, ["xref"] = traceX + " domain", ["yref"] = traceY + " domain",
                ["x"] = 0.5, ["y"] = 1.0, ["xanchor"] = "center", ["yanchor"] = "bottom", ["font"] = new Dictionary<string, object> { ["size"] = 12 },
            });
        }
        return chart.WithLayout("annotations", annotations);
    }
}
