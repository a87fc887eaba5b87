namespace DeepLearningCourse.Interactive.Tests;

public class ChartAxesTests
{
    public ChartAxesTests() => Course.Setup();

    [Fact]
    public void WithTitles_sets_the_title_and_WithLogY_makes_the_y_axis_logarithmic()
    {
        var chart = Plot.Lines(null, "step", "loss", ("run", [0.0, 1.0, 2.0], [1.0, 0.1, 0.01])).WithTitles("Loss").WithLogY("loss");
        var layout = Figure.Layout(chart);
        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("loss", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void WithTitles_renames_both_axes_and_keeps_the_rest()
    {
        var x = Tensor.FromArray(new float[,] { { 0, 0 }, { 1, 1 } });
        var layout = Figure.Layout(Plot.DecisionBoundary(h => h.Sum(1, keepDims: true), x, Tensor.FromArray([0f, 1f])).WithTitles(null, "h₁", "h₂"));
        Assert.Equal("h₁", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("h₂", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void WithTitles_keeps_a_log_axis_logarithmic()
    {
        var layout = Figure.Layout(Plot.GradientNorms([1.0, 0.1, 0.01]).WithTitles("norms", "k", "norm"));
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("norm", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }
}
