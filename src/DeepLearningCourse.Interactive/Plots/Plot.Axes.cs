using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// Puts the y axis of a chart made by these helpers on a log scale (for counts or errors spanning several orders of magnitude):
    /// <c>Plot.Lines(…).WithLogY("regions")</c>.
    /// </summary>
    public static GenericChart WithLogY(this GenericChart chart, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var axis = AxisCopy(GenericChart.getLayout(chart), "yaxis");
        axis["type"] = "log";
        if (yTitle is not null) axis["title"] = new Dictionary<string, object> { ["text"] = yTitle };
        return chart.WithLayout("yaxis", axis);
    }

    /// <summary>Puts the x axis of a chart on a log scale (e.g. error against width 1, 2, 4, …, 32).</summary>
    public static GenericChart WithLogX(this GenericChart chart, string? xTitle = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var axis = AxisCopy(GenericChart.getLayout(chart), "xaxis");
        axis["type"] = "log";
        if (xTitle is not null) axis["title"] = new Dictionary<string, object> { ["text"] = xTitle };
        return chart.WithLayout("xaxis", axis);
    }

    /// <summary>Fixes the y axis to [min, max] (e.g. to zoom in on accuracies between 0.6 and 0.9): <c>Plot.Bars(…).WithYRange(0.6, 0.9)</c>.</summary>
    public static GenericChart WithYRange(this GenericChart chart, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (!(min < max)) throw new ArgumentException($"Plot.WithYRange: min ({min}) must be below max ({max}).", nameof(min));
        var axis = AxisCopy(GenericChart.getLayout(chart), "yaxis");
        axis["range"] = new[] { min, max };
        return chart.WithLayout("yaxis", axis);
    }

    /// <summary>
    /// Replaces the title and axis titles of a chart made by these helpers (null keeps what is there), e.g.
    /// <c>Plot.FunctionFit(…).WithTitles("Regions of m lines", "lines m", "regions")</c>.
    /// </summary>
    public static GenericChart WithTitles(this GenericChart chart, string? title, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var layout = GenericChart.getLayout(chart);
        if (title is not null) chart.WithLayout("title", new Dictionary<string, object> { ["text"] = title });
        if (xTitle is not null) SetAxisTitle(layout, "xaxis", xTitle);
        if (yTitle is not null) SetAxisTitle(layout, "yaxis", yTitle);
        return chart;
    }

    private static void SetAxisTitle(Layout layout, string axisKey, string text)
    {
        var axis = AxisCopy(layout, axisKey);
        axis["title"] = new Dictionary<string, object> { ["text"] = text };
        layout.SetProperty(axisKey, axis);
    }

    /// <summary>A copy of the axis settings the chart has (as <c>Figures.Chart</c> stores them), or an empty one.</summary>
    private static Dictionary<string, object> AxisCopy(Layout layout, string axisKey)
    {
        var existing = layout.TryGetTypedPropertyValue<Dictionary<string, object>>(axisKey);
        return existing is not null && Microsoft.FSharp.Core.FSharpOption<Dictionary<string, object>>.get_IsSome(existing)
            ? new Dictionary<string, object>(existing.Value) : new Dictionary<string, object>();
    }
}
