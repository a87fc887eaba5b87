namespace DeepLearningCourse.Engine.Tests;

public class ElementwiseNodeTests
{
    [Fact]
    public void Sub_known_answer_broadcast_gradient_check_and_fan_out()
    {
        var node = new SubNode();
        var a = Tensor.FromArray([5f, 7, 9, 11, 13, 15], 2, 3);
        var b = Tensor.FromArray([1f, 2, 3]);
        NodeTestKit.AssertValues(node.Forward(a, b), [2, 3], [4, 5, 6, 10, 11, 12]);
        var g = node.Backward(Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3));
        NodeTestKit.AssertValues(g[0]!, [2, 3], [1, 2, 3, 4, 5, 6]);
        NodeTestKit.AssertValues(g[1]!, [3], [-5, -7, -9]);
        NodeTestKit.AssertGradientsMatch(() => new SubNode(), [NodeTestKit.Random(1, -1, 1, 2, 3), NodeTestKit.Random(2, -1, 1, 2, 1)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x - x * x, NodeTestKit.Random(3, -1, 1, 4));
    }

    [Fact]
    public void Sub_and_Div_operators_with_floats()
    {
        var x = Tensor.FromArray([2f, 4]);
        NodeTestKit.AssertValues(x - 1f, [2], [1, 3]);
        NodeTestKit.AssertValues(10f - x, [2], [8, 6]);
        NodeTestKit.AssertValues(-x, [2], [-2, -4]);
        NodeTestKit.AssertValues(x / 2f, [2], [1, 2]);
        NodeTestKit.AssertValues(8f / x, [2], [4, 2]);
    }

    [Fact]
    public void Sub_rejects_shapes_that_do_not_broadcast()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(2, 3) - Tensor.Ones(4));
        Assert.StartsWith("Subtract", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    [Fact]
    public void Div_known_answer_broadcast_gradient_check_and_fan_out()
    {
        var node = new DivNode();
        var a = Tensor.FromArray([2f, 6, 8, 12], 2, 2);
        var b = Tensor.FromArray([2f, 4], 2, 1);
        NodeTestKit.AssertValues(node.Forward(a, b), [2, 2], [1, 3, 2, 3]);
        var g = node.Backward(Tensor.Ones(2, 2));
        NodeTestKit.AssertValues(g[0]!, [2, 2], [0.5f, 0.5f, 0.25f, 0.25f]);
        // db = −Σ a / b² per row: −(2 + 6)/4 = −2, −(8 + 12)/16 = −1.25
        NodeTestKit.AssertValues(g[1]!, [2, 1], [-2f, -1.25f]);
        NodeTestKit.AssertGradientsMatch(() => new DivNode(), [NodeTestKit.Random(1, -1, 1, 3, 2), NodeTestKit.Random(2, 1, 2, 2)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => 1f / x, NodeTestKit.Random(3, 1, 2, 4));
    }

    [Fact]
    public void Neg_known_answer_gradient_check_and_fan_out()
    {
        var node = new NegNode();
        NodeTestKit.AssertValues(node.Forward(Tensor.FromArray([1f, -2])), [2], [-1, 2]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([3f, 4]))[0]!, [2], [-3, -4]);
        NodeTestKit.AssertGradientsMatch(() => new NegNode(), [NodeTestKit.Random(1, -1, 1, 2, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => -x, NodeTestKit.Random(2, -1, 1, 3));
    }

    [Fact]
    public void Exp_known_answer_gradient_check_and_fan_out()
    {
        var node = new ExpNode();
        NodeTestKit.AssertValues(node.Forward(Tensor.FromArray([0f, 1, -1])), [3], [1, MathF.E, 1 / MathF.E]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([2f, 1, 1]))[0]!, [3], [2, MathF.E, 1 / MathF.E]);
        NodeTestKit.AssertGradientsMatch(() => new ExpNode(), [NodeTestKit.Random(1, -2, 2, 2, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Exp(), NodeTestKit.Random(2, -1, 1, 3));
    }

    [Fact]
    public void Log_known_answer_gradient_check_and_fan_out()
    {
        var node = new LogNode();
        NodeTestKit.AssertValues(node.Forward(Tensor.FromArray([1f, MathF.E, 4])), [3], [0, 1, MathF.Log(4)]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 1, 2]))[0]!, [3], [1, 1 / MathF.E, 0.5f]);
        NodeTestKit.AssertGradientsMatch(() => new LogNode(), [NodeTestKit.Random(1, 0.5f, 3, 2, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Log(), NodeTestKit.Random(2, 0.5f, 2, 3));
    }

    [Fact]
    public void Pow_known_answer_gradient_check_and_fan_out()
    {
        var square = new PowNode(2);
        NodeTestKit.AssertValues(square.Forward(Tensor.FromArray([-3f, 2])), [2], [9, 4]);
        NodeTestKit.AssertValues(square.Backward(Tensor.FromArray([1f, 1]))[0]!, [2], [-6, 4]);
        var cube = new PowNode(3);
        NodeTestKit.AssertValues(cube.Forward(Tensor.FromArray([-2f, 0.5f])), [2], [-8, 0.125f]);
        NodeTestKit.AssertValues(cube.Backward(Tensor.FromArray([1f, 2]))[0]!, [2], [12, 1.5f]);
        NodeTestKit.AssertGradientsMatch(() => new PowNode(1.5f), [NodeTestKit.Random(1, 0.5f, 2, 2, 3)]);
        NodeTestKit.AssertGradientsMatch(() => new PowNode(-1f), [NodeTestKit.Random(2, 0.5f, 2, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Pow(3), NodeTestKit.Random(3, -1, 1, 3));
        Assert.Equal("Pow(1.5)", new PowNode(1.5f).OpName);
        var zeroth = new PowNode(0);
        NodeTestKit.AssertValues(zeroth.Forward(Tensor.FromArray([0f, -2])), [2], [1, 1]);
        NodeTestKit.AssertValues(zeroth.Backward(Tensor.FromArray([1f, 1]))[0]!, [2], [0, 0]);
    }

    [Fact]
    public void Sqrt_known_answer_gradient_check_and_fan_out()
    {
        var node = new SqrtNode();
        NodeTestKit.AssertValues(node.Forward(Tensor.FromArray([4f, 9])), [2], [2, 3]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 6]))[0]!, [2], [0.25f, 1]);
        NodeTestKit.AssertGradientsMatch(() => new SqrtNode(), [NodeTestKit.Random(1, 0.5f, 3, 2, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Sqrt(), NodeTestKit.Random(2, 0.5f, 2, 3));
    }

    [Fact]
    public void Abs_known_answer_with_zero_subgradient_gradient_check_and_fan_out()
    {
        var node = new AbsNode();
        NodeTestKit.AssertValues(node.Forward(Tensor.FromArray([-2f, 0, 3])), [3], [2, 0, 3]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([5f, 5, 5]))[0]!, [3], [-5, 0, 5]);
        NodeTestKit.AssertGradientsMatch(() => new AbsNode(), [Tensor.FromArray([-2f, -0.5f, 0.5f, 3f])]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Abs(), Tensor.FromArray([-1f, 2f]));
    }
}
