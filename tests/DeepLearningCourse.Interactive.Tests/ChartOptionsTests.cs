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
}
