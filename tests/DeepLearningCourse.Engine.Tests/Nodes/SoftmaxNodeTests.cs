namespace DeepLearningCourse.Engine.Tests;

public class SoftmaxNodeTests
{
    [Fact]
    public void Softmax_known_answer_rows_sum_to_one_gradient_check_and_fan_out()
    {
        var node = new SoftmaxNode();
        var y = node.Forward(Tensor.FromArray([0f, 0, 0, 0, MathF.Log(3)], 1, 5).Reshape(1, 5));
        NodeTestKit.AssertValues(y, [1, 5], [1 / 7f, 1 / 7f, 1 / 7f, 1 / 7f, 3 / 7f]);
        // An upstream gradient equal on every entry changes nothing: softmax sums to 1.
        NodeTestKit.AssertValues(node.Backward(Tensor.Full(2f, 1, 5))[0]!, [1, 5], [0, 0, 0, 0, 0]);
        NodeTestKit.AssertGradientsMatch(() => new SoftmaxNode(), [NodeTestKit.Random(1, -2, 2, 3, 4)]);
        NodeTestKit.AssertGradientsMatch(() => new SoftmaxNode(1), [NodeTestKit.Random(2, -2, 2, 2, 3, 2)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.Softmax() * t, NodeTestKit.Random(3, -1, 1, 2, 3));
    }

    [Fact]
    public void Softmax_along_a_middle_axis_matches_softmax_of_the_transposed_tensor()
    {
        var x = NodeTestKit.Random(4, -3, 3, 2, 4, 3);
        var along1 = x.Softmax(1);
        var viaTranspose = x.Transpose(1, 2).Softmax(-1).Transpose(1, 2);
        Assert.True(along1.AllClose(viaTranspose, 1e-6f));
        var sums = along1.Sum(1);
        Assert.All(sums.Data, s => Assert.Equal(1f, s, 5));
    }

    [Fact]
    public void LogSoftmax_known_answer_gradient_check_and_fan_out()
    {
        var node = new LogSoftmaxNode();
        var y = node.Forward(Tensor.FromArray([1f, 2, 3], 1, 3));
        float lse = MathF.Log(MathF.Exp(1) + MathF.Exp(2) + MathF.Exp(3));
        NodeTestKit.AssertValues(y, [1, 3], [1 - lse, 2 - lse, 3 - lse]);
        // Upstream [1, 0, 0]: dx = onehot − softmax.
        var dx = node.Backward(Tensor.FromArray([1f, 0, 0], 1, 3))[0]!;
        NodeTestKit.AssertValues(dx, [1, 3], [1 - MathF.Exp(1 - lse), -MathF.Exp(2 - lse), -MathF.Exp(3 - lse)]);
        NodeTestKit.AssertGradientsMatch(() => new LogSoftmaxNode(), [NodeTestKit.Random(1, -2, 2, 3, 4)]);
        NodeTestKit.AssertGradientsMatch(() => new LogSoftmaxNode(0), [NodeTestKit.Random(2, -2, 2, 3, 2)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.LogSoftmax(), NodeTestKit.Random(3, -1, 1, 2, 3));
    }

    [Fact]
    public void Softmax_and_LogSoftmax_stay_finite_for_logits_of_plus_minus_1000()
    {
        var x = Tensor.FromArray([1000f, 0, -1000, -1000, 1000, 999], 2, 3).WithGrad();
        var p = x.Softmax();
        Assert.All(p.Data, v => Assert.True(float.IsFinite(v)));
        NodeTestKit.AssertValues(p.Slice(0, 0, 1), [1, 3], [1, 0, 0]);
        var logP = x.LogSoftmax();
        NodeTestKit.AssertValues(logP.Slice(0, 0, 1), [1, 3], [0, -1000, -2000], precision: 3);
        (logP * Tensor.FromArray([0f, 1, 0, 1, 0, 0], 2, 3)).Sum().Backward();
        Assert.All(x.Grad!.Data, v => Assert.True(float.IsFinite(v)));
    }

    /// <summary>The lecture's point: exp of a large logit overflows, and log of an underflowed probability is −∞.</summary>
    [Fact]
    public void Separate_softmax_then_log_breaks_for_large_logits_while_the_fused_ops_do_not()
    {
        var logits = Tensor.FromArray([1000f, -1000], 1, 2);
        var labels = Tensor.FromArray([1f]);

        var naiveSoftmax = logits.Exp() / logits.Exp().Sum(1, keepDims: true); // e^1000 = ∞, ∞/∞ = NaN
        Assert.True(float.IsNaN(naiveSoftmax.Data[0]));

        var logOfSoftmax = logits.Softmax().Log(); // softmax underflows to 0 for class 1, log 0 = −∞
        Assert.Equal(float.NegativeInfinity, logOfSoftmax.Data[1]);
        Assert.Equal(float.PositiveInfinity, -logOfSoftmax.Data[1]); // the separate loss for label 1

        Assert.Equal(-2000f, logits.LogSoftmax().Data[1], 2);
        Assert.Equal(2000f, Loss.SoftmaxCrossEntropy(logits, labels).Item(), 2);
    }

    [Fact]
    public void Softmax_of_an_empty_axis_is_a_clear_error()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Zeros(2, 0).Softmax());
        Assert.StartsWith("Softmax", ex.Message);
        Assert.Contains("[2, 0]", ex.Message);
    }
}
