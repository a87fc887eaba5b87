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
        var axis = new Dictionary<string, object> { ["type"] = "log" };
        if (yTitle is not null) axis["title"] = new Dictionary<string, object> { ["text"] = yTitle };
        return chart.WithLayout("yaxis", axis);
    }

    /// <summary>Puts the x axis of a chart on a log scale (e.g. error against width 1, 2, 4, …, 32).</summary>
    public static GenericChart WithLogX(this GenericChart chart, string? xTitle = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var axis = new Dictionary<string, object> { ["type"] = "log" };
        if (xTitle is not null) axis["title"] = new Dictionary<string, object> { ["text"] = xTitle };
        return chart.WithLayout("xaxis", axis);
    }
}
