namespace DeepLearningCourse.Engine.Tests;

public class LossNodeTests
{
    [Fact]
    public void Mse_known_answer_gradient_check_and_fan_out()
    {
        var node = new MseLossNode();
        var loss = node.Forward(Tensor.FromArray([1f, 2, 3, 4], 2, 2), Tensor.FromArray([1f, 0, 3, 0], 2, 2));
        NodeTestKit.AssertValues(loss, [], [5]); // (0 + 4 + 0 + 16) / 4
        var g = node.Backward(Tensor.Scalar(1));
        NodeTestKit.AssertValues(g[0]!, [2, 2], [0, 1, 0, 2]);
        NodeTestKit.AssertValues(g[1]!, [2, 2], [0, -1, 0, -2]);
        NodeTestKit.AssertGradientsMatch(() => new MseLossNode(), [NodeTestKit.Random(1, -1, 1, 3, 2), NodeTestKit.Random(2, -1, 1, 3, 2)]);
        var target = NodeTestKit.Random(4, -1, 1, 3);
        NodeTestKit.AssertFanOutDoublesGradient(t => Loss.MeanSquaredError(t, target), NodeTestKit.Random(3, -1, 1, 3));
    }

    [Fact]
    public void Mse_rejects_column_against_vector_instead_of_broadcasting()
    {
        var ex = Assert.Throws<ShapeException>(() => Loss.MeanSquaredError(Tensor.Ones(4, 1), Tensor.Ones(4)));
        Assert.Equal("MseLoss: prediction is [4, 1] but target is [4]; they must have the same shape (reshape the target, e.g. to [4, 1]).", ex.Message);
    }

    [Fact]
    public void SoftmaxCrossEntropy_known_answer_and_gradient()
    {
        var logits = Tensor.FromArray([0f, 0, MathF.Log(2), 1, 1, 1], 2, 3);
        var labels = Tensor.FromArray([2f, 0]);
        var node = new SoftmaxCrossEntropyNode();
        // Row 0: softmax = [1/4, 1/4, 1/2], −log(1/2); row 1: uniform, −log(1/3).
        NodeTestKit.AssertValues(node.Forward(logits, labels), [], [(MathF.Log(2) + MathF.Log(3)) / 2]);
        var g = node.Backward(Tensor.Scalar(1));
        NodeTestKit.AssertValues(g[0]!, [2, 3], [0.125f, 0.125f, -0.25f, (1 / 3f - 1) / 2, 1 / 6f, 1 / 6f]);
        Assert.Null(g[1]);
    }

    [Fact]
    public void SoftmaxCrossEntropy_gradient_check_and_fan_out()
    {
        var labels = Tensor.FromArray([0f, 3, 1]);
        NodeTestKit.AssertGradientsMatch(() => new SoftmaxCrossEntropyNode(), [NodeTestKit.Random(1, -2, 2, 3, 4), labels], skipInputs: [1]);
        NodeTestKit.AssertFanOutDoublesGradient(t => Loss.SoftmaxCrossEntropy(t, labels), NodeTestKit.Random(2, -1, 1, 3, 4));
    }

    [Fact]
    public void SoftmaxCrossEntropy_matches_LogSoftmax_picked_at_labels()
    {
        var logits = NodeTestKit.Random(5, -3, 3, 4, 5);
        var labels = Tensor.FromArray([4f, 0, 2, 2]);
        var oneHot = Tensor.Zeros(4, 5);
        for (int row = 0; row < 4; row++) oneHot[row, (int)labels.Data[row]] = 1;
        float composed = -(logits.LogSoftmax() * oneHot).Sum().Item() / 4;
        Assert.Equal(composed, Loss.SoftmaxCrossEntropy(logits, labels).Item(), 5);
    }

    [Fact]
    public void SoftmaxCrossEntropy_is_finite_for_logits_of_plus_minus_1000()
    {
        var logits = Tensor.FromArray([1000f, -1000, 0, -1000, 1000, 1000], 2, 3).WithGrad();
        var loss = Loss.SoftmaxCrossEntropy(logits, Tensor.FromArray([1f, 0]));
        Assert.Equal((2000f + 2000f + MathF.Log(2)) / 2, loss.Item(), 2);
        loss.Backward();
        Assert.All(logits.Grad!.Data, v => Assert.True(float.IsFinite(v)));
        NodeTestKit.AssertValues(logits.Grad!, [2, 3], [0.5f, -0.5f, 0, -0.5f, 0.25f, 0.25f]);
    }

    [Theory]
    [InlineData(3f, "label 3 in row 1")]
    [InlineData(-1f, "label -1 in row 1")]
    [InlineData(1.5f, "label 1.5 in row 1")]
    [InlineData(float.NaN, "label NaN in row 1")]
    public void SoftmaxCrossEntropy_names_the_bad_label_its_row_and_C(float bad, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.SoftmaxCrossEntropy(Tensor.Zeros(2, 3), Tensor.FromArray([0f, bad])));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("C = 3", ex.Message);
        Assert.Contains("0..2", ex.Message);
    }

    [Fact]
    public void SoftmaxCrossEntropy_shape_errors_name_both_shapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Loss.SoftmaxCrossEntropy(Tensor.Zeros(4, 3), Tensor.Zeros(3)));
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Contains("[3]", ex.Message);
        var rank = Assert.Throws<ShapeException>(() => Loss.SoftmaxCrossEntropy(Tensor.Zeros(3), Tensor.Zeros(3)));
        Assert.Contains("logits has shape [3] but must have rank 2", rank.Message);
        var empty = Assert.Throws<ShapeException>(() => Loss.SoftmaxCrossEntropy(Tensor.Zeros(0, 3), Tensor.Zeros(0)));
        Assert.Contains("[0, 3]", empty.Message);
    }

    [Fact]
    public void SigmoidBinaryCrossEntropy_known_answer_gradient_check_and_fan_out()
    {
        var node = new SigmoidBinaryCrossEntropyNode();
        var loss = node.Forward(Tensor.FromArray([0f, 2]), Tensor.FromArray([1f, 0]));
        // −log σ(0) = log 2; −log(1 − σ(2)) = log(1 + e²)
        NodeTestKit.AssertValues(loss, [], [(MathF.Log(2) + MathF.Log(1 + MathF.Exp(2))) / 2]);
        var g = node.Backward(Tensor.Scalar(1));
        NodeTestKit.AssertValues(g[0]!, [2], [(0.5f - 1) / 2, 1 / (1 + MathF.Exp(-2)) / 2]);
        NodeTestKit.AssertGradientsMatch(() => new SigmoidBinaryCrossEntropyNode(),
            [NodeTestKit.Random(1, -3, 3, 2, 3), Tensor.FromArray([1f, 0, 0, 1, 1, 0], 2, 3)], skipInputs: [1]);
        var targets = Tensor.FromArray([0f, 1, 1]);
        NodeTestKit.AssertFanOutDoublesGradient(t => Loss.SigmoidBinaryCrossEntropy(t, targets), NodeTestKit.Random(2, -1, 1, 3));
    }

    [Fact]
    public void SigmoidBinaryCrossEntropy_is_stable_for_large_logits_and_matches_the_textbook_formula()
    {
        var z = Tensor.FromArray([1000f, -1000, 1000, -1000]).WithGrad();
        var t = Tensor.FromArray([1f, 0, 0, 1]);
        var loss = Loss.SigmoidBinaryCrossEntropy(z, t);
        Assert.Equal(500f, loss.Item(), 2); // (0 + 0 + 1000 + 1000) / 4: two right, two wrong by 1000
        loss.Backward();
        NodeTestKit.AssertValues(z.Grad!, [4], [0, 0, 0.25f, -0.25f]);

        var moderate = NodeTestKit.Random(3, -3, 3, 5);
        var targets = Tensor.FromArray([1f, 0, 1, 1, 0]);
        var p = moderate.Sigmoid();
        float textbook = -(targets * p.Log() + (1f - targets) * (1f - p).Log()).Mean().Item();
        Assert.Equal(textbook, Loss.SigmoidBinaryCrossEntropy(moderate, targets).Item(), 5);
    }

    [Fact]
    public void SigmoidBinaryCrossEntropy_rejects_targets_outside_zero_one_and_mismatched_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.SigmoidBinaryCrossEntropy(Tensor.Zeros(3), Tensor.FromArray([0f, 2, 1])));
        Assert.Contains("target 2 at index 1", ex.Message);
        var shape = Assert.Throws<ShapeException>(() => Loss.SigmoidBinaryCrossEntropy(Tensor.Zeros(3, 1), Tensor.Zeros(3)));
        Assert.Contains("[3, 1]", shape.Message);
        Assert.Contains("[3]", shape.Message);
    }

    [Fact]
    public void L2_and_L1_penalties_sum_over_all_weights_with_gradients()
    {
        var w1 = Tensor.FromArray([1f, -2]).WithGrad();
        var w2 = Tensor.FromArray([3f], 1, 1).WithGrad();
        var l2 = Loss.L2Penalty([w1, w2]);
        NodeTestKit.AssertValues(l2, [], [14]);
        l2.Backward();
        NodeTestKit.AssertValues(w1.Grad!, [2], [2, -4]);
        NodeTestKit.AssertValues(w2.Grad!, [1, 1], [6]);
        w1.ZeroGrad();
        var l1 = Loss.L1Penalty([w1, w2]);
        NodeTestKit.AssertValues(l1, [], [6]);
        l1.Backward();
        NodeTestKit.AssertValues(w1.Grad!, [2], [1, -1]);
        NodeTestKit.AssertValues(Loss.L2Penalty([]), [], [0]);
    }
}
