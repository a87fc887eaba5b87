namespace DeepLearningCourse.Engine.Tests;

public class ShapeNodeTests
{
    [Fact]
    public void Reshape_known_answer_infers_minus_one_gradient_check_and_fan_out()
    {
        var x = Tensor.Arange(6);
        var node = new ReshapeNode(-1, 2);
        var y = node.Forward(x);
        NodeTestKit.AssertValues(y, [3, 2], [0, 1, 2, 3, 4, 5]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 2, 3, 4, 5, 6], 3, 2))[0]!, [6], [1, 2, 3, 4, 5, 6]);
        NodeTestKit.AssertGradientsMatch(() => new ReshapeNode(3, -1), [NodeTestKit.Random(1, -1, 1, 2, 3, 2)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.Reshape(2, 2) * t.Reshape(2, 2), NodeTestKit.Random(2, -1, 1, 4));
    }

    [Fact]
    public void Reshape_errors_name_shapes_and_sizes()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(2, 3).Reshape(4, 2));
        Assert.Equal("Reshape: cannot reshape [2, 3] (6 values) into [4, 2] (8 values); the product of the new dimensions must be 6 (use -1 for one dimension to infer it).", ex.Message);
        var notMultiple = Assert.Throws<ShapeException>(() => Tensor.Ones(2, 3).Reshape(4, -1));
        Assert.Contains("[2, 3]", notMultiple.Message);
        Assert.Contains("not a multiple of 4", notMultiple.Message);
        var twoInferred = Assert.Throws<ShapeException>(() => Tensor.Ones(6).Reshape(-1, -1));
        Assert.Contains("more than one -1", twoInferred.Message);
    }

    [Fact]
    public void Transpose_last_two_axes_known_answer_gradient_check_and_fan_out()
    {
        var x = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3);
        var node = new TransposeNode();
        NodeTestKit.AssertValues(node.Forward(x), [3, 2], [1, 4, 2, 5, 3, 6]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 4, 2, 5, 3, 6], 3, 2))[0]!, [2, 3], [1, 2, 3, 4, 5, 6]);
        NodeTestKit.AssertGradientsMatch(() => new TransposeNode(), [NodeTestKit.Random(1, -1, 1, 2, 3, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.Transpose(), NodeTestKit.Random(2, -1, 1, 3, 2));
    }

    [Fact]
    public void Transpose_of_any_two_axes_matches_index_definition()
    {
        var x = NodeTestKit.Random(3, -1, 1, 2, 3, 4, 5);
        var y = x.Transpose(0, 2);
        Assert.Equal([4, 3, 2, 5], y.Shape);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
                for (int c = 0; c < 4; c++)
                    for (int d = 0; d < 5; d++)
                        Assert.Equal(x[a, b, c, d], y[c, b, a, d]);
        NodeTestKit.AssertGradientsMatch(() => new TransposeNode(1, 3), [NodeTestKit.Random(4, -1, 1, 2, 3, 2, 3)]);
    }

    [Theory]
    [InlineData(new[] { 20, 9 }, 0, 1)]        // tiled path, sizes not a multiple of the tile
    [InlineData(new[] { 3, 17, 33 }, -2, -1)]  // batch of matrices
    [InlineData(new[] { 17, 2, 9 }, 0, 2)]     // tiled path with an axis in between
    [InlineData(new[] { 5, 1, 7, 3 }, 0, 2)]   // block copies (an axis after the swapped ones)
    public void Transpose_matches_the_index_definition_on_awkward_shapes(int[] shape, int axis0, int axis1)
    {
        var x = Tensor.Arange((int)shape.Aggregate(1L, (p, d) => p * d)).Reshape(shape);
        var y = x.Transpose(axis0, axis1);
        int a0 = axis0 < 0 ? axis0 + shape.Length : axis0, a1 = axis1 < 0 ? axis1 + shape.Length : axis1;
        var index = new int[shape.Length];
        for (int flat = 0; flat < x.Size; flat++)
        {
            int rest = flat;
            for (int d = shape.Length - 1; d >= 0; d--) { index[d] = rest % shape[d]; rest /= shape[d]; }
            var swapped = (int[])index.Clone();
            (swapped[a0], swapped[a1]) = (swapped[a1], swapped[a0]);
            Assert.Equal(x[index], y[swapped]);
        }
        Assert.Equal(x.Data, y.Transpose(axis0, axis1).Data);
    }

    [Fact]
    public void Transpose_of_a_vector_is_a_clear_error()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(3).Transpose());
        Assert.StartsWith("Transpose", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("rank ≥ 2", ex.Message);
    }

    [Fact]
    public void Slice_known_answer_gradient_check_and_fan_out()
    {
        var x = Tensor.FromArray([1f, 2, 3, 4, 5, 6, 7, 8], 2, 4);
        var node = new SliceNode(1, 1, 2);
        NodeTestKit.AssertValues(node.Forward(x), [2, 2], [2, 3, 6, 7]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 2, 3, 4], 2, 2))[0]!, [2, 4], [0, 1, 2, 0, 0, 3, 4, 0]);
        NodeTestKit.AssertGradientsMatch(() => new SliceNode(0, 1, 2), [NodeTestKit.Random(1, -1, 1, 4, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.Slice(-1, 0, 2), NodeTestKit.Random(2, -1, 1, 2, 3));
    }

    [Fact]
    public void Slice_out_of_range_names_axis_size_and_range()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(2, 5).Slice(1, 3, 4));
        Assert.Equal("Slice: axis 1 of [2, 5] has size 5 but start 3 with length 4 does not fit; use 0 ≤ start and start + length ≤ 5.", ex.Message);
    }

    [Fact]
    public void Concat_known_answer_on_both_axes_gradient_check_and_fan_out()
    {
        var a = Tensor.FromArray([1f, 2, 3, 4], 2, 2);
        var b = Tensor.FromArray([5f, 6], 2, 1);
        var node = new ConcatNode(1);
        NodeTestKit.AssertValues(node.Forward(a, b), [2, 3], [1, 2, 5, 3, 4, 6]);
        var g = node.Backward(Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3));
        NodeTestKit.AssertValues(g[0]!, [2, 2], [1, 2, 4, 5]);
        NodeTestKit.AssertValues(g[1]!, [2, 1], [3, 6]);
        NodeTestKit.AssertValues(Tensor.Concat(0, a, Tensor.FromArray([9f, 9], 1, 2)), [3, 2], [1, 2, 3, 4, 9, 9]);
        NodeTestKit.AssertGradientsMatch(() => new ConcatNode(0),
            [NodeTestKit.Random(1, -1, 1, 1, 3), NodeTestKit.Random(2, -1, 1, 2, 3), NodeTestKit.Random(3, -1, 1, 3, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => Tensor.Concat(-1, t, t), NodeTestKit.Random(4, -1, 1, 2, 2));
    }

    [Fact]
    public void Concat_mismatch_names_the_input_and_shapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Concat(1, Tensor.Ones(2, 2), Tensor.Ones(3, 1)));
        Assert.Equal("Concat: input 1 has shape [3, 1] but input 0 has [2, 2]; along axis 1 they may differ, every other axis must match.", ex.Message);
    }

    [Fact]
    public void Stack_adds_a_new_axis_and_passes_gradient_check()
    {
        var a = Tensor.FromArray([1f, 2]);
        var b = Tensor.FromArray([3f, 4]);
        NodeTestKit.AssertValues(Tensor.Stack(0, a, b), [2, 2], [1, 2, 3, 4]);
        NodeTestKit.AssertValues(Tensor.Stack(-1, a, b), [2, 2], [1, 3, 2, 4]);
        NodeTestKit.AssertGradientsMatch(xs => Tensor.Stack(1, xs), NodeTestKit.Random(1, -1, 1, 2, 3), NodeTestKit.Random(2, -1, 1, 2, 3));
        NodeTestKit.AssertValues(Tensor.Stack(0, Tensor.Scalar(5), Tensor.Scalar(6)), [2], [5, 6]);
        var ex = Assert.Throws<ShapeException>(() => Tensor.Stack(0, a, Tensor.Ones(3)));
        Assert.Contains("input 1 has shape [3]", ex.Message);
    }

    [Fact]
    public void Where_picks_a_where_condition_holds_and_routes_gradients()
    {
        var condition = Tensor.FromArray([1f, 0, 0, 1]);
        var a = Tensor.FromArray([1f, 2, 3, 4]);
        var b = Tensor.FromArray([-1f]);
        var node = new WhereNode();
        NodeTestKit.AssertValues(node.Forward(condition, a, b), [4], [1, -1, -1, 4]);
        var g = node.Backward(Tensor.FromArray([10f, 20, 30, 40]));
        Assert.Null(g[0]);
        NodeTestKit.AssertValues(g[1]!, [4], [10, 0, 0, 40]);
        NodeTestKit.AssertValues(g[2]!, [1], [50]);
        NodeTestKit.AssertGradientsMatch(() => new WhereNode(),
            [Tensor.FromArray([1f, 0, 1, 0, 0, 1], 2, 3), NodeTestKit.Random(1, -1, 1, 2, 3), NodeTestKit.Random(2, -1, 1, 3)], skipInputs: [0]);
        NodeTestKit.AssertFanOutDoublesGradient(t => Tensor.Where(Tensor.FromArray([1f, 0, 1]), t, t * 2f), NodeTestKit.Random(3, -1, 1, 3));
    }

    [Fact]
    public void Where_with_a_condition_that_requires_grad_still_backpropagates()
    {
        var x = Tensor.FromArray([-1f, 2]).WithGrad();
        var condition = x.Relu(); // recorded, but Where treats it as data
        Tensor.Where(condition, x, x * 0f).Sum().Backward();
        NodeTestKit.AssertValues(x.Grad!, [2], [0, 1]);
    }
}
