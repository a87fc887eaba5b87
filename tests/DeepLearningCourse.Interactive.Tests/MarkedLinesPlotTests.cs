namespace DeepLearningCourse.Interactive.Tests;

public class MarkedLinesPlotTests
{
    public MarkedLinesPlotTests() => Course.Setup();

    [Fact]
    public void Each_series_is_a_marked_line_and_a_single_point_series_stays_visible()
    {
        var chart = Plot.MarkedLines("Error against size", "parameters", "RMSE",
            ("MLP", [38.0, 74.0, 146.0], [0.3, 0.2, 0.1]), ("multiplicative", [32.0], [1e-6])).WithLogX().WithLogY();
        var traces = Figure.Traces(chart);
        Assert.Equal(["MLP", "multiplicative"], traces.Select(Figure.Name));
        Assert.All(traces, t => Assert.Equal("lines+markers", t.GetProperty("mode").GetString()));
        Assert.Equal([32.0], traces[1].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.NotEqual(traces[0].GetProperty("marker").GetProperty("color").GetString(), traces[1].GetProperty("marker").GetProperty("color").GetString());
        var layout = Figure.Layout(chart);
        Assert.Equal("log", layout.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("parameters", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Mismatched_lengths_are_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => Plot.MarkedLines(null, "x", "y", ("a", [1.0, 2.0], [1.0])));
        Assert.Contains("series \"a\" has 2 x values but 1 y values", ex.Message);
    }
}
