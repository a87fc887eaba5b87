using System.Globalization;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// Grouped bars: for each category on the x axis, one bar per named series (test accuracies of several models; a
    /// probability per class at several temperatures). With <paramref name="showValues"/> each bar is labelled with its
    /// value (three significant digits).
    /// </summary>
    /// <param name="categories">The x-axis labels, one per bar group.</param>
    /// <param name="series">Each series: a legend name and one value per category, in category order.</param>
    public static GenericChart Bars(string? title, IReadOnlyList<string> categories, string yTitle, bool showValues,
        params (string Name, IReadOnlyList<double> Values)[] series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0)
            throw new ArgumentException("Plot.Bars: no series given; pass at least one (name, one value per category).", nameof(series));
        foreach (var (name, values) in series)
        {
            if (values is null || values.Count != categories.Count)
                throw new ArgumentException($"Plot.Bars: series \"{name}\" has {values?.Count ?? 0} values but there are {categories.Count} categories; give one value per category.", nameof(series));
        }
        var traces = series.Select((s, k) => Figures.Trace("bar", ("x", categories.ToArray()), ("y", s.Values.ToArray()), ("name", s.Name),
            ("marker", new Dictionary<string, object> { ["color"] = Figures.Colour(k) }),
            ("text", showValues ? s.Values.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)).ToArray() : null),
            ("textposition", showValues ? "outside" : null)));
        return Figures.Chart(traces, title, yTitle: yTitle).WithLayout("barmode", "group");
    }
}
