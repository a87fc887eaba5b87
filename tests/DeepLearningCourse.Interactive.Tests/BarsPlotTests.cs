namespace DeepLearningCourse.Interactive.Tests;

public class BarsPlotTests
{
    public BarsPlotTests() => Course.Setup();

    [Fact]
    public void Bars_draws_one_bar_trace_per_series_grouped_over_the_categories()
    {
        var chart = Plot.Bars("accuracy", ["teacher", "student"], "test accuracy", showValues: true,
            ("run 1", [0.87, 0.79]), ("run 2", [0.86, 0.8]));
        var traces = Figure.Traces(chart);
        Assert.Equal(["bar", "bar"], traces.Select(Figure.Type));
        Assert.Equal(["run 1", "run 2"], traces.Select(Figure.Name));
        Assert.Equal(["teacher", "student"], traces[0].GetProperty("x").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([0.86, 0.8], traces[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["0.87", "0.79"], traces[0].GetProperty("text").EnumerateArray().Select(v => v.GetString()));
        Assert.NotEqual(traces[0].GetProperty("marker").GetProperty("color").GetString(), traces[1].GetProperty("marker").GetProperty("color").GetString());
        var layout = Figure.Layout(chart);
        Assert.Equal("group", layout.GetProperty("barmode").GetString());
        Assert.Equal("test accuracy", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Bars_without_values_has_no_text_and_a_wrong_length_is_explained()
    {
        var plain = Figure.Traces(Plot.Bars(null, ["a", "b", "c"], "p", showValues: false, ("T = 1", [0.1, 0.2, 0.7])))[0];
        Assert.False(plain.TryGetProperty("text", out _));
        var ex = Assert.Throws<ArgumentException>(() => Plot.Bars(null, ["a", "b"], "p", showValues: false, ("short", [1.0])));
        Assert.Contains("series \"short\" has 1 values but there are 2 categories", ex.Message);
        Assert.Throws<ArgumentException>(() => Plot.Bars(null, ["a"], "p", showValues: false));
    }

    [Fact]
    public void WithYRange_zooms_the_y_axis_and_keeps_its_title()
    {
        var chart = Plot.Bars(null, ["a", "b"], "accuracy", showValues: true, ("s", [0.7, 0.8])).WithYRange(0.6, 0.9);
        var yAxis = Figure.Layout(chart).GetProperty("yaxis");
        Assert.Equal([0.6, 0.9], yAxis.GetProperty("range").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("accuracy", yAxis.GetProperty("title").GetProperty("text").GetString());
        Assert.Throws<ArgumentException>(() => chart.WithYRange(1, 1));
    }
}
