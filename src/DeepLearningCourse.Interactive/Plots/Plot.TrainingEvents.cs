using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// Line series (e.g. the loss of several training runs) with marked events on top, drawn as points: the steps at which the
    /// gradient was clipped, a learning-rate drop, a restart. Use <paramref name="logY"/> when the values span orders of magnitude.
    /// </summary>
    /// <param name="series">Named lines (x, y).</param>
    /// <param name="eventName">Legend entry of the markers, e.g. "clipped".</param>
    /// <param name="events">The marked points (x, y), e.g. (step, loss at that step).</param>
    public static GenericChart LinesWithEvents(string? title, string xTitle, string yTitle,
        IReadOnlyList<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series,
        string eventName, IReadOnlyList<(double X, double Y)> events, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(events);
        var traces = series.Select((s, k) => LineTrace(s.Name, s.X, s.Y, Figures.Colour(k))).ToList();
        traces.Add(PointTrace(eventName, events.Select(e => e.X), events.Select(e => e.Y), Figures.Colour(series.Count), size: 6));
        return Figures.Chart(traces, title, xTitle, yTitle, logY: logY);
    }
}
