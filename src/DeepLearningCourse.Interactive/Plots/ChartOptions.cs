using Plotly.NET;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Small restyling steps for the charts the <see cref="Plot"/> helpers return, chained in a notebook cell:
/// <c>Plot.Lines(…).LogScaleY("loss")</c>, <c>Plot.DecisionBoundary(…).Titled("Hidden space")</c>.
/// </summary>
public static class ChartOptions
{
    /// <summary>Sets (or replaces) the chart's title.</summary>
    public static GenericChart Titled(this GenericChart chart, string title)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        chart.WithLayout("title", new Dictionary<string, object> { ["text"] = title });
        return chart.WithLayout("margin", new Dictionary<string, object> { ["l"] = 60, ["r"] = 20, ["t"] = 50, ["b"] = 50 });
    }

    /// <summary>Renames the x and y axes (e.g. a decision boundary drawn in a hidden layer's space: "h₁", "h₂").</summary>
    public static GenericChart AxisTitles(this GenericChart chart, string xTitle, string yTitle)
    {
        ArgumentNullException.ThrowIfNull(chart);
        chart.WithLayout("xaxis", WithTitle(chart, "xaxis", xTitle));
        return chart.WithLayout("yaxis", WithTitle(chart, "yaxis", yTitle));
    }

    /// <summary>A copy of the chart's axis settings (log type, ranges, …) with a new title: renaming keeps a log axis logarithmic.</summary>
    private static Dictionary<string, object> WithTitle(GenericChart chart, string axis, string title)
    {
        var settings = GenericChart.getLayout(chart).TryGetPropertyValue(axis)?.Value is Dictionary<string, object> existing
            ? new Dictionary<string, object>(existing)
            : new Dictionary<string, object>();
        settings["title"] = new Dictionary<string, object> { ["text"] = title };
        return settings;
    }

    /// <summary>Puts the y axis on a logarithmic scale (for loss curves spanning several decades), with an optional axis title.</summary>
    public static GenericChart LogScaleY(this GenericChart chart, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var yAxis = new Dictionary<string, object> { ["type"] = "log" };
        if (yTitle is not null) yAxis["title"] = new Dictionary<string, object> { ["text"] = yTitle };
        return chart.WithLayout("yaxis", yAxis);
    }
}
