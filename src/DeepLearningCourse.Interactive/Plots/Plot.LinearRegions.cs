using DeepLearningCourse.Engine;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

public static partial class Plot
{
    // Neighbouring region ids get far-apart colours: id → frac(id · golden ratio) on a scale cycling through the palette.
    private static readonly object[][] s_regionScale =
        Enumerable.Range(0, Figures.Palette.Length).Select(k => new object[] { (double)k / (Figures.Palette.Length - 1), Figures.Palette[k] }).ToArray();

    /// <summary>
    /// A map of regions (from <c>LinearRegions.LineRegions</c> or <c>LinearRegions.ActivationRegions</c>): one colour per region, the
    /// count in the title, and optionally the lines [m, 3] (rows a, b, c of a·x + b·y + c = 0) drawn on top. At most
    /// <paramref name="maxCells"/> cells per axis are drawn (the map is subsampled), so the handout stays small.
    /// </summary>
    public static GenericChart Regions(RegionMap map, string? title = null, float[,]? lines = null, int maxCells = 200)
    {
        ArgumentNullException.ThrowIfNull(map);
        var traces = new List<Trace> { RegionTrace(map, maxCells, "x", "y") };
        if (lines is not null) traces.AddRange(LineTraces(map, lines));
        var chart = Figures.Chart(traces, title ?? $"{map.Count} regions", "x₁", "x₂", height: 460, equalAxes: true);
        chart.WithLayout("xaxis", new Dictionary<string, object> { ["range"] = new[] { map.XMin, map.XMax }, ["title"] = new Dictionary<string, object> { ["text"] = "x₁" } });
        chart.WithLayout("yaxis", new Dictionary<string, object> { ["range"] = new[] { map.YMin, map.YMax }, ["scaleanchor"] = "x", ["title"] = new Dictionary<string, object> { ["text"] = "x₂" } });
        return chart.WithLayout("width", 520);
    }

    /// <summary>Several region maps side by side, one titled panel each (e.g. the same network at depths 1, 2, 3).</summary>
    public static GenericChart Regions(IEnumerable<(string Title, RegionMap Map)> panels, int columns = 3, int maxCells = 120)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var list = panels.ToList();
        if (list.Count == 0) throw new ArgumentException("Plot.Regions: no maps given; pass at least one (title, map) pair.", nameof(panels));
        columns = Math.Clamp(columns, 1, list.Count);
        int rows = (list.Count + columns - 1) / columns;
        var traces = list.Select((p, k) =>
        {
            var (traceX, traceY, _, _) = Figures.Axes(k);
            return RegionTrace(p.Map, maxCells, traceX, traceY);
        });
        var chart = Figures.Chart(traces, null, height: 70 + 300 * rows);
        chart.WithLayout("margin", new Dictionary<string, object> { ["l"] = 40, ["r"] = 20, ["t"] = 60, ["b"] = 30 });
        return Figures.Grid(chart, rows, columns, list.Select(p => $"{p.Title}: {p.Map.Count} regions").ToList());
    }

    private static Trace RegionTrace(RegionMap map, int maxCells, string xAxis, string yAxis)
    {
        int stride = Math.Max(1, (map.Resolution + maxCells - 1) / Math.Max(1, maxCells));
        int cells = (map.Resolution + stride - 1) / stride;
        var x = new double[cells];
        var y = new double[cells];
        var z = new double[cells][];
        for (int r = 0; r < cells; r++)
        {
            x[r] = map.X(r * stride);
            y[r] = map.Y(r * stride);
            z[r] = new double[cells];
            for (int c = 0; c < cells; c++)
            {
                double hue = map.Ids[r * stride, c * stride] * 0.6180339887498949;
                z[r][c] = hue - Math.Floor(hue);
            }
        }
        return Figures.Trace("heatmap", ("x", x), ("y", y), ("z", z), ("zmin", 0.0), ("zmax", 1.0), ("colorscale", s_regionScale),
            ("showscale", false), ("opacity", 0.75), ("hoverinfo", "skip"), ("xaxis", xAxis), ("yaxis", yAxis));
    }

    private static IEnumerable<Trace> LineTraces(RegionMap map, float[,] lines)
    {
        for (int i = 0; i < lines.GetLength(0); i++)
        {
            double a = lines[i, 0], b = lines[i, 1], c = lines[i, 2];
            double[] xs, ys;
            if (Math.Abs(b) >= Math.Abs(a))
            {
                xs = [map.XMin, map.XMax];
                ys = xs.Select(v => -(a * v + c) / b).ToArray();
            }
            else
            {
                ys = [map.YMin, map.YMax];
                xs = ys.Select(v => -(b * v + c) / a).ToArray();
            }
            yield return Figures.Trace("scatter", ("x", xs), ("y", ys), ("mode", "lines"), ("showlegend", false), ("hoverinfo", "skip"),
                ("line", new Dictionary<string, object> { ["color"] = "black", ["width"] = 1.5 }));
        }
    }
}
