namespace DeepLearningCourse.Engine.Tests;

public class PoolingTests
{
    // 4×4 image; the bottom-right 2×2 window is a tie of four 1s.
    private static Tensor Image() => Tensor.FromArray([
        1f, 2, 5, 6,
        3, 4, 8, 7,
        9, 0, 1, 1,
        0, 2, 1, 1], 1, 1, 4, 4);

    /// <summary>Distinct values 0.1 apart in shuffled order, so a finite-difference step never changes the arg-max.</summary>
    private static Tensor DistinctValues(int seed, params int[] shape)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        var values = Enumerable.Range(0, size).Select(i => 0.1f * i - 0.05f * size).ToArray();
        new Random(seed).Shuffle(values);
        return new Tensor(values, shape);
    }

    [Fact]
    public void MaxPool_known_answer_routes_gradient_to_the_first_maximum()
    {
        var node = new MaxPool2dNode(2);
        NodeTestKit.AssertValues(node.Forward(Image()), [1, 1, 2, 2], [4, 8, 9, 1]);
        var dx = node.Backward(Tensor.FromArray([1f, 2, 3, 4], 1, 1, 2, 2))[0]!;
        NodeTestKit.AssertValues(dx, [1, 1, 4, 4], [
            0, 0, 0, 0,
            0, 1, 2, 0,
            3, 0, 4, 0, // the tie sends everything to its first (top-left) 1
            0, 0, 0, 0]);
    }

    [Fact]
    public void MaxPool_gradient_check_with_and_without_overlap_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new MaxPool2dNode(2), [DistinctValues(1, 2, 3, 4, 6)]);
        NodeTestKit.AssertGradientsMatch(() => new MaxPool2dNode(3, 2), [DistinctValues(2, 1, 2, 7, 5)]);
        NodeTestKit.AssertGradientsMatch(() => new MaxPool2dNode(2, 1), [DistinctValues(3, 2, 1, 4, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.MaxPool2d(2), DistinctValues(4, 2, 2, 4, 4));
    }

    [Fact]
    public void Padded_max_pooling_keeps_the_size_and_only_counts_pixels_inside_the_image()
    {
        // 3×3 windows, stride 1, padding 1: each output is the max of its neighbourhood clipped to the image.
        var x = Tensor.FromArray([
            -5f, -1, -2,
            -3, -4, -9,
            -8, -7, -6], 1, 1, 3, 3);
        var y = x.MaxPool2d(3, 1, padding: 1);
        // All values are negative, so a zero-padded border would have won every edge window.
        NodeTestKit.AssertValues(y, [1, 1, 3, 3], [
            -1, -1, -1,
            -1, -1, -1,
            -3, -3, -4]);
        Assert.Equal([2, 3, 5, 7], Tensor.Ones(2, 3, 5, 7).MaxPool2d(3, 1, 1).Shape);
        Assert.Equal([1, 1, 3, 4], Tensor.Ones(1, 1, 5, 7).MaxPool2d(3, 2, 1).Shape);
        NodeTestKit.AssertGradientsMatch(() => new MaxPool2dNode(3, 1, 1), [DistinctValues(5, 2, 2, 5, 4)]);
        NodeTestKit.AssertGradientsMatch(() => new MaxPool2dNode(3, 2, 1), [DistinctValues(6, 1, 2, 6, 7)]);
        Assert.Equal("MaxPool2d(3×3, stride 1, padding 1)", new MaxPool2d(3, 1, 1).Describe());
    }

    [Fact]
    public void Padding_over_half_the_window_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Ones(1, 1, 4, 4).MaxPool2d(3, 1, 2));
        Assert.StartsWith("MaxPool2d: padding 2 must be between 0 and half the kernel (1 for a 3×3 window)", error.Message);
    }

    [Fact]
    public void MaxPool_drops_rows_that_do_not_fill_a_window()
    {
        Assert.Equal([2, 3, 2, 3], Tensor.Ones(2, 3, 5, 7).MaxPool2d(2).Shape);
    }

    [Fact]
    public void AvgPool_known_answer_and_even_gradient()
    {
        var node = new AvgPool2dNode(2);
        NodeTestKit.AssertValues(node.Forward(Image()), [1, 1, 2, 2], [2.5f, 6.5f, 2.75f, 1]);
        var dx = node.Backward(Tensor.FromArray([4f, 8, 0, -4], 1, 1, 2, 2))[0]!;
        NodeTestKit.AssertValues(dx, [1, 1, 4, 4], [1, 1, 2, 2, 1, 1, 2, 2, 0, 0, -1, -1, 0, 0, -1, -1]);
    }

    [Fact]
    public void AvgPool_gradient_check_with_overlap_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new AvgPool2dNode(3, 2), [NodeTestKit.Random(1, -1, 1, 2, 2, 7, 6)]);
        NodeTestKit.AssertGradientsMatch(() => new AvgPool2dNode(2), [NodeTestKit.Random(2, -1, 1, 1, 3, 4, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.AvgPool2d(2), NodeTestKit.Random(3, -1, 1, 2, 2, 4, 4));
    }

    [Fact]
    public void Pooling_errors_name_the_op_and_shapes()
    {
        var big = Assert.Throws<ShapeException>(() => Tensor.Ones(1, 1, 3, 3).MaxPool2d(4));
        Assert.Equal("MaxPool2d: input is [1, 1, 3, 3] but the window 4×4 is larger than the image 3×3; use a smaller kernel.", big.Message);
        var rank = Assert.Throws<ShapeException>(() => Tensor.Ones(3, 4, 4).AvgPool2d(2));
        Assert.StartsWith("AvgPool2d: input is [3, 4, 4] but must have rank 4", rank.Message);
    }

    [Fact]
    public void Pooling_layers_describe_themselves()
    {
        Assert.Equal("MaxPool2d(2×2, stride 2)", new MaxPool2d(2).Describe());
        Assert.Equal("AvgPool2d(3×3, stride 1)", new AvgPool2d(3, 1).Describe());
        Assert.Equal([1, 1, 2, 2], new AvgPool2d(2).Forward(Image()).Shape);
    }

    [Fact]
    public void Global_average_pooling_takes_each_channels_mean()
    {
        var x = NodeTestKit.Random(7, -1, 1, 2, 3, 4, 5);
        var y = new GlobalAvgPool2d().Forward(x);
        Assert.Equal([2, 3], y.Shape);
        for (int plane = 0; plane < 6; plane++)
            Assert.Equal(x.Data.Skip(plane * 20).Take(20).Average(), y.Data[plane], 5);
        NodeTestKit.AssertGradientsMatch(xs => new GlobalAvgPool2d().Forward(xs[0]), NodeTestKit.Random(8, -1, 1, 2, 2, 3, 3));
        var error = Assert.Throws<ShapeException>(() => new GlobalAvgPool2d().Forward(Tensor.Ones(2, 8)));
        Assert.StartsWith("GlobalAvgPool2d: input is [2, 8] but must have rank 4", error.Message);
    }

    [Fact]
    public void Flatten_keeps_the_batch_axis_and_row_major_order()
    {
        var x = new Tensor(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 2, 2);
        var node = new FlattenNode();
        var y = node.Forward(x);
        Assert.Equal([2, 12], y.Shape);
        Assert.Equal(x.Data, y.Data);
        Assert.Equal([2, 3, 2, 2], node.Backward(Tensor.Ones(2, 12))[0]!.Shape);
        NodeTestKit.AssertGradientsMatch(() => new FlattenNode(), [NodeTestKit.Random(1, -1, 1, 2, 3, 2)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => new Flatten().Forward(t), NodeTestKit.Random(2, -1, 1, 3, 2, 2));
    }
}
