namespace DeepLearningCourse.Interactive.Tests;

public class LinearRegionPlotTests
{
    public LinearRegionPlotTests() => Course.Setup();

    [Fact]
    public void Regions_draws_a_heatmap_subsampled_to_max_cells_and_one_trace_per_line()
    {
        float[,] lines = { { 1, 0, 0 }, { 0, 1, 0 }, { 1, 1, 0.2f } };
        var map = LinearRegions.LineRegions(lines, 1, 100);
        var traces = Figure.Traces(Plot.Regions(map, lines: lines, maxCells: 50));
        Assert.Equal(4, traces.Count);
        Assert.Equal("heatmap", Figure.Type(traces[0]));
        Assert.Equal(50, traces[0].GetProperty("z").GetArrayLength());
        Assert.All(traces.Skip(1), t => Assert.Equal("scatter", Figure.Type(t)));
    }

    [Fact]
    public void Region_panels_get_one_axis_pair_and_title_each()
    {
        var a = LinearRegions.LineRegions(new float[,] { { 1, 0, 0 } }, 1, 20);
        var chart = Plot.Regions([("one", a), ("two", a)]);
        var traces = Figure.Traces(chart);
        Assert.Equal("x2", traces[1].GetProperty("xaxis").GetString());
        var titles = Figure.Layout(chart).GetProperty("annotations").EnumerateArray().Select(t => t.GetProperty("text").GetString()).ToList();
        Assert.Equal(["one: 2 regions", "two: 2 regions"], titles);
    }

    [Fact]
    public void WithTitles_and_WithLogY_keep_the_other_axis_settings()
    {
        var chart = Plot.Lines("t", "x", "y", ("s", [1.0, 2.0], [1.0, 10.0])).WithTitles("new", yTitle: "count").WithLogY();
        var layout = Figure.Layout(chart);
        Assert.Equal("new", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("count", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("x", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }
}
