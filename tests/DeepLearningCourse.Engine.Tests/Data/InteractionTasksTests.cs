namespace DeepLearningCourse.Engine.Tests.Data;

public class InteractionTasksTests
{
    [Fact]
    public void Product_targets_are_the_products_of_the_two_inputs()
    {
        var data = InteractionTasks.Product(100, new Random(1), range: 2f);
        Assert.Equal([100, 2], data.X.Shape);
        Assert.Equal([100, 1], data.Y.Shape);
        for (int n = 0; n < 100; n++) Assert.Equal(data.X[n, 0] * data.X[n, 1], data.Y[n, 0]);
        Assert.All(data.X.Data, v => Assert.InRange(v, -2f, 2f));
        Assert.Contains(data.X.Data, v => Math.Abs(v) > 1.5f);
        Assert.Equal(data.X.Data, InteractionTasks.Product(100, new Random(1), range: 2f).X.Data);
    }

    [Fact]
    public void Contextual_linear_map_applies_the_map_the_context_selects()
    {
        // map[i, j, 0]: z_0 selects x_0, z_1 selects −x_1, so y = z_0 x_0 − z_1 x_1.
        var map = Tensor.FromArray([1f, 0f, 0f, -1f], 2, 2, 1);
        var data = InteractionTasks.ContextualLinearMap(map, 20, new Random(2));
        Assert.Equal([20, 4], data.X.Shape);
        for (int n = 0; n < 20; n++)
            Assert.Equal(data.X[n, 2] * data.X[n, 0] - data.X[n, 3] * data.X[n, 1], data.Y[n, 0], 6);
        var ex = Assert.Throws<ShapeException>(() => InteractionTasks.ContextualLinearMap(Tensor.Zeros(2, 2), 5, new Random(1)));
        Assert.Contains("map has shape [2, 2]", ex.Message);
    }

    [Fact]
    public void Piecewise_follows_one_line_per_region()
    {
        var (x, y, region) = InteractionTasks.Piecewise(300, new Random(3));
        for (int n = 0; n < 300; n++)
        {
            int r = x[n, 0] < -1 ? 0 : x[n, 0] < 1 ? 1 : 2;
            Assert.Equal(r, region[n]);
            var (slope, intercept) = InteractionTasks.PiecewiseLines[r];
            Assert.Equal(slope * x[n, 0] + intercept, y[n, 0], 6);
        }
        for (int r = 0; r < 3; r++) Assert.Contains(region.Data, v => v == r);
        Assert.Equal(1, InteractionTasks.PiecewiseRegion(-1f));
        Assert.Equal(2, InteractionTasks.PiecewiseRegion(1f));
    }
}
