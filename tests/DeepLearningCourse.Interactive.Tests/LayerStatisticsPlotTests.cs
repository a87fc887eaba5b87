namespace DeepLearningCourse.Interactive.Tests;

public class LayerStatisticsPlotTests
{
    public LayerStatisticsPlotTests() => Course.Setup();

    [Fact]
    public void LayerStatistics_draws_one_line_per_series_against_layers_1_to_L_on_a_log_axis()
    {
        var stats = new Dictionary<string, double[]> { ["small"] = [0.3, 0.09, 0.027], ["He"] = [0.8, 0.8, 0.8] };
        var chart = Plot.LayerStatistics("std per layer", "std", stats);
        var traces = Figure.Traces(chart);
        Assert.Equal(["small", "He"], traces.Select(Figure.Name));
        Assert.Equal([1.0, 2.0, 3.0], traces[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        var yAxis = Figure.Layout(chart).GetProperty("yaxis");
        Assert.Equal("log", yAxis.GetProperty("type").GetString());
        Assert.Equal("std (log scale)", yAxis.GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void LayerStatistics_can_use_a_linear_axis_and_rejects_no_series()
    {
        var chart = Plot.LayerStatistics("dead fraction", "fraction", new Dictionary<string, double[]> { ["raw"] = [0.5, 0.9] }, logY: false);
        Assert.False(Figure.Layout(chart).GetProperty("yaxis").TryGetProperty("type", out _));
        Assert.Throws<ArgumentException>(() => Plot.LayerStatistics("x", "y", new Dictionary<string, double[]>()));
    }

    [Fact]
    public void LayerStatistics_names_the_x_axis_layer_unless_told_otherwise()
    {
        var stats = new Dictionary<string, double[]> { ["naive"] = [1, 2, 4] };
        string XTitle(Plotly.NET.GenericChart chart) => Figure.Layout(chart).GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString()!;
        Assert.Equal("layer", XTitle(Plot.LayerStatistics("std", "std", stats)));
        Assert.Equal("block", XTitle(Plot.LayerStatistics("std", "std", stats, xTitle: "block")));
    }
}
