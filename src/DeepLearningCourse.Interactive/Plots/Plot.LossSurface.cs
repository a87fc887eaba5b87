using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    /// <summary>
    /// Contour lines of a function of two variables (a loss surface) with optimiser trajectories on top: each path is a list of
    /// (x, y) points, drawn as a line with markers from its start (circle) to its end (star).
    /// </summary>
    /// <param name="f">The function, e.g. <c>(x, y) =&gt; x * x + 10 * y * y</c>.</param>
    /// <param name="xRange">The x interval drawn.</param>
    /// <param name="yRange">The y interval drawn.</param>
    /// <param name="paths">Named trajectories, e.g. one per optimiser.</param>
    public static GenericChart LossSurface(Func<double, double, double> f, (double Min, double Max) xRange, (double Min, double Max) yRange,
        params (string Name, IReadOnlyList<(double X, double Y)> Points)[] paths) =>
        LossSurface(f, xRange, yRange, 80, false, paths);

    /// <inheritdoc cref="LossSurface(Func{double, double, double}, ValueTuple{double, double}, ValueTuple{double, double}, ValueTuple{string, IReadOnlyList{ValueTuple{double, double}}}[])"/>
    /// <param name="resolution">Grid points per axis.</param>
    /// <param name="logLevels">Draw contours of log(f − min f + 1e-9): useful when the function spans many orders of magnitude.</param>
    public static GenericChart LossSurface(Func<double, double, double> f, (double Min, double Max) xRange, (double Min, double Max) yRange,
        int resolution, bool logLevels, params (string Name, IReadOnlyList<(double X, double Y)> Points)[] paths)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(paths);
        if (!(xRange.Max > xRange.Min) || !(yRange.Max > yRange.Min))
            throw new ArgumentException($"Plot.LossSurface: ranges must be increasing; got x {xRange} and y {yRange}.");
        double[] gx = Figures.Range(xRange.Min, xRange.Max, resolution), gy = Figures.Range(yRange.Min, yRange.Max, resolution);
        var z = gy.Select(yv => gx.Select(xv => f(xv, yv)).ToArray()).ToArray();
        if (logLevels)
        {
            double min = z.SelectMany(r => r).Where(double.IsFinite).Min();
            z = z.Select(r => r.Select(v => Math.Log(v - min + 1e-9)).ToArray()).ToArray();
        }
        var traces = new List<Trace>
        {
            Figures.Trace("contour", ("x", gx), ("y", gy), ("z", z), ("name", logLevels ? "log loss" : "loss"), ("colorscale", "Viridis"),
                ("ncontours", 25), ("contours", new Dictionary<string, object> { ["coloring"] = "lines" }), ("showscale", false)),
        };
        for (int k = 0; k < paths.Length; k++)
        {
            var (name, points) = paths[k];
            traces.Add(Figures.Trace("scatter", ("x", points.Select(p => p.X).ToArray()), ("y", points.Select(p => p.Y).ToArray()),
                ("mode", "lines+markers"), ("name", name),
                ("line", new Dictionary<string, object> { ["color"] = Figures.Colour(k + 1), ["width"] = 2 }),
                ("marker", new Dictionary<string, object>
                {
                    ["color"] = Figures.Colour(k + 1), ["size"] = points.Select((_, i) => i == 0 || i == points.Count - 1 ? 11 : 4).ToArray(),
                    ["symbol"] = points.Select((_, i) => i == 0 ? "circle" : i == points.Count - 1 ? "star" : "circle").ToArray(),
                })));
        }
        return Figures.Chart(traces, "Loss surface", "x", "y", height: 480);
    }
}
