namespace DeepLearningCourse.Engine.Tests;

public class ReductionNodeTests
{
    [Fact]
    public void Mean_of_all_and_along_axes_known_answers()
    {
        var x = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3);
        NodeTestKit.AssertValues(x.Mean(), [], [3.5f]);
        NodeTestKit.AssertValues(x.Mean(0), [3], [2.5f, 3.5f, 4.5f]);
        NodeTestKit.AssertValues(x.Mean(-1, keepDims: true), [2, 1], [2, 5]);
        var node = new MeanNode(1);
        node.Forward(x);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([3f, 6]))[0]!, [2, 3], [1, 1, 1, 2, 2, 2]);
        var all = new MeanNode();
        all.Forward(x);
        NodeTestKit.AssertValues(all.Backward(Tensor.Scalar(6))[0]!, [2, 3], [1, 1, 1, 1, 1, 1]);
    }

    [Fact]
    public void Mean_gradient_check_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new MeanNode(), [NodeTestKit.Random(1, -1, 1, 2, 3)]);
        NodeTestKit.AssertGradientsMatch(() => new MeanNode(1), [NodeTestKit.Random(2, -1, 1, 2, 3, 4)]);
        NodeTestKit.AssertGradientsMatch(() => new MeanNode(0, keepDims: true), [NodeTestKit.Random(3, -1, 1, 3, 2)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.Mean(0), NodeTestKit.Random(4, -1, 1, 3, 2));
    }

    [Fact]
    public void Mean_of_an_empty_tensor_is_a_clear_error()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Zeros(0, 3).Mean());
        Assert.Contains("Mean", ex.Message);
        Assert.Contains("[0, 3]", ex.Message);
    }

    [Fact]
    public void Max_selects_first_maximum_and_routes_gradient_there()
    {
        var x = Tensor.FromArray([1f, 5, 5, 7, 2, 0], 2, 3);
        var node = new MaxNode(1);
        NodeTestKit.AssertValues(node.Forward(x), [2], [5, 7]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([10f, 20]))[0]!, [2, 3], [0, 10, 0, 20, 0, 0]);
        NodeTestKit.AssertValues(x.Max(0, keepDims: true), [1, 3], [7, 5, 5]);
    }

    [Fact]
    public void Max_gradient_check_and_fan_out()
    {
        // Distinct values (no ties), so the derivative exists everywhere the check probes.
        var x = Tensor.FromArray([0.1f, 0.9f, -0.5f, 0.4f, -0.8f, 0.6f, 0.2f, -0.3f, 0.7f, 0.0f, -0.9f, 0.3f], 2, 3, 2);
        NodeTestKit.AssertGradientsMatch(() => new MaxNode(1), [x]);
        NodeTestKit.AssertGradientsMatch(() => new MaxNode(-1), [x.Clone()]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.Max(0), x.Clone());
    }

    [Fact]
    public void ArgMax_returns_first_index_as_floats_without_history()
    {
        var x = Tensor.FromArray([1f, 5, 5, 7, 2, 0], 2, 3).WithGrad();
        var idx = x.ArgMax(1);
        NodeTestKit.AssertValues(idx, [2], [1, 0]);
        Assert.False(idx.RequiresGrad);
        Assert.Null(idx.Creator);
        NodeTestKit.AssertValues(x.ArgMax(0), [3], [1, 0, 0]);
    }

    [Fact]
    public void Max_and_ArgMax_reject_bad_axis_and_empty_input()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(2, 3).Max(2));
        Assert.Contains("Max", ex.Message);
        Assert.Contains("axis 2", ex.Message);
        var empty = Assert.Throws<ShapeException>(() => Tensor.Zeros(2, 0).ArgMax(1));
        Assert.Contains("ArgMax", empty.Message);
        Assert.Contains("[2, 0]", empty.Message);
    }

    [Fact]
    public void Max_propagates_NaN_like_PyTorch()
    {
        var x = Tensor.FromArray([1f, float.NaN, 3, 4, 5, 6], 2, 3);
        var max = x.Max(1);
        Assert.True(float.IsNaN(max.Data[0]));
        Assert.Equal(6f, max.Data[1]);
        NodeTestKit.AssertValues(x.ArgMax(1), [2], [1, 2]);
    }
}
