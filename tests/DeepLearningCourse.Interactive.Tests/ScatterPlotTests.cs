using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Interactive.Tests;

public class ScatterPlotTests
{
    [Fact]
    public void ScatterByClass_draws_one_named_marker_trace_per_class()
    {
        var points = Tensor.FromArray(new float[,] { { 0, 1 }, { 2, 3 }, { 4, 5 } });
        var labels = Tensor.FromArray([2f, 0, 2]);
        var traces = Figure.Traces(Plot.ScatterByClass(points, labels, ["a", "b", "c"]));
        Assert.Equal(["a", "c"], traces.Select(Figure.Name));
        Assert.Equal([0.0, 4.0], traces[1].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([1.0, 5.0], traces[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void ScatterByClass_explains_wrong_shapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Plot.ScatterByClass(Tensor.Zeros(3), Tensor.Zeros(3)));
        Assert.Contains("[N, 2]", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ShapeException>(() => Plot.ScatterByClass(Tensor.Zeros(3, 2), Tensor.Zeros(2)));
    }
}
