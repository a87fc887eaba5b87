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
