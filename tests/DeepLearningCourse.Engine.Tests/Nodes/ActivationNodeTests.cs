namespace DeepLearningCourse.Engine.Tests;

public class ActivationNodeTests
{
    [Fact]
    public void LeakyRelu_known_answer_gradient_check_and_fan_out()
    {
        var node = new LeakyReluNode(0.1f);
        NodeTestKit.AssertValues(node.Forward(Tensor.FromArray([-2f, 0, 3])), [3], [-0.2f, 0, 3]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 1, 2]))[0]!, [3], [0.1f, 0.1f, 2]);
        NodeTestKit.AssertGradientsMatch(() => new LeakyReluNode(0.2f), [Tensor.FromArray([-2f, -0.5f, 0.5f, 3f])]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.LeakyRelu(), Tensor.FromArray([-1f, 2f]));
        NodeTestKit.AssertValues(Tensor.FromArray([-100f]).LeakyRelu(), [1], [-1]);
    }

    [Fact]
    public void Sigmoid_known_answer_gradient_check_and_fan_out()
    {
        var node = new SigmoidNode();
        NodeTestKit.AssertValues(node.Forward(Tensor.FromArray([0f, 2])), [2], [0.5f, 1 / (1 + MathF.Exp(-2))]);
        float s = 1 / (1 + MathF.Exp(-2));
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 1]))[0]!, [2], [0.25f, s * (1 - s)]);
        NodeTestKit.AssertGradientsMatch(() => new SigmoidNode(), [NodeTestKit.Random(1, -3, 3, 2, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Sigmoid(), NodeTestKit.Random(2, -1, 1, 3));
    }

    [Fact]
    public void Sigmoid_saturates_without_NaN_for_large_inputs()
    {
        var x = Tensor.FromArray([-1000f, -100, 100, 1000, float.MaxValue, float.MinValue]).WithGrad();
        var y = x.Sigmoid();
        NodeTestKit.AssertValues(y, [6], [0, 0, 1, 1, 1, 0]);
        y.Sum().Backward();
        Assert.All(x.Grad!.Data, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Tanh_known_answer_gradient_check_fan_out_and_saturation()
    {
        var node = new TanhNode();
        NodeTestKit.AssertValues(node.Forward(Tensor.FromArray([0f, 1, -1000])), [3], [0, MathF.Tanh(1), -1]);
        float t = MathF.Tanh(1);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([2f, 1, 1]))[0]!, [3], [2, 1 - t * t, 0]);
        NodeTestKit.AssertGradientsMatch(() => new TanhNode(), [NodeTestKit.Random(1, -2, 2, 2, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Tanh(), NodeTestKit.Random(2, -1, 1, 3));
    }
}
