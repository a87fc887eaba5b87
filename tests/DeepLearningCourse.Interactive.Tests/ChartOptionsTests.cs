namespace DeepLearningCourse.Interactive.Tests;

public class ChartOptionsTests
{
    public ChartOptionsTests() => Course.Setup();

    [Fact]
    public void Titled_sets_the_title_and_LogScaleY_makes_the_y_axis_logarithmic()
    {
        var chart = Plot.Lines(null, "step", "loss", ("run", [0.0, 1.0, 2.0], [1.0, 0.1, 0.01])).Titled("Loss").LogScaleY("loss");
        var layout = Figure.Layout(chart);
        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("loss", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void AxisTitles_renames_both_axes()
    {
        var x = Tensor.FromArray(new float[,] { { 0, 0 }, { 1, 1 } });
        var layout = Figure.Layout(Plot.DecisionBoundary(h => h.Sum(1, keepDims: true), x, Tensor.FromArray([0f, 1f])).AxisTitles("h₁", "h₂"));
        Assert.Equal("h₁", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("h₂", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void AxisTitles_keep_a_log_axis_logarithmic()
    {
        var layout = Figure.Layout(Plot.GradientNorms([1.0, 0.1, 0.01]).AxisTitles("k", "norm"));
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("norm", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }
}
