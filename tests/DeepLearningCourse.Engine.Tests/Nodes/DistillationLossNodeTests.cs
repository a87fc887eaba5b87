namespace DeepLearningCourse.Engine.Tests;

public class DistillationLossNodeTests
{
    [Fact]
    public void At_temperature_1_with_one_hot_targets_it_is_softmax_cross_entropy()
    {
        var logits = NodeTestKit.Random(1, -3, 3, 4, 5);
        var labels = Tensor.FromArray([4f, 0, 2, 2]);
        var oneHot = Tensor.Zeros(4, 5);
        for (int row = 0; row < 4; row++) oneHot[row, (int)labels.Data[row]] = 1;

        var distillation = new DistillationLossNode(1f);
        var crossEntropy = new SoftmaxCrossEntropyNode();
        Assert.Equal(crossEntropy.Forward(logits, labels).Item(), distillation.Forward(logits, oneHot).Item(), 5);
        var upstream = Tensor.Scalar(0.7f);
        var expected = crossEntropy.Backward(upstream)[0]!;
        var g = distillation.Backward(upstream);
        NodeTestKit.AssertValues(g[0]!, [4, 5], expected.Data);
        Assert.Null(g[1]);
    }

    [Fact]
    public void Known_answer_at_temperature_2()
    {
        // z / T = (0, ln 3 / 2): q = (1, √3) / (1 + √3); p = (1/2, 1/2).
        var logits = Tensor.FromArray([0f, MathF.Log(3)], 1, 2);
        var targets = Tensor.FromArray([0.5f, 0.5f], 1, 2);
        double s3 = Math.Sqrt(3), q0 = 1 / (1 + s3), q1 = s3 / (1 + s3);
        double kl = 0.5 * Math.Log(0.5 / q0) + 0.5 * Math.Log(0.5 / q1);
        var node = new DistillationLossNode(2f);
        Assert.Equal(4 * kl, node.Forward(logits, targets).Item(), 5);
        // dL/dz = T / N · (q − p)
        NodeTestKit.AssertValues(node.Backward(Tensor.Scalar(1))[0]!, [1, 2], [(float)(2 * (q0 - 0.5)), (float)(2 * (q1 - 0.5))]);
    }

    [Fact]
    public void A_student_that_matches_the_targets_has_zero_loss_and_zero_gradient()
    {
        var teacher = NodeTestKit.Random(2, -4, 4, 3, 6);
        var soft = Distillation.SoftTargets(teacher, 3f);
        var node = new DistillationLossNode(3f);
        Assert.Equal(0f, node.Forward(teacher, soft).Item(), 5);
        Assert.All(node.Backward(Tensor.Scalar(1))[0]!.Data, v => Assert.Equal(0f, v, 6));
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(2.5f)]
    [InlineData(8f)]
    public void Gradient_check_and_fan_out(float temperature)
    {
        var targets = Distillation.SoftTargets(NodeTestKit.Random(3, -3, 3, 3, 4), 2f);
        NodeTestKit.AssertGradientsMatch(() => new DistillationLossNode(temperature), [NodeTestKit.Random(4, -2, 2, 3, 4), targets], skipInputs: [1]);
        NodeTestKit.AssertFanOutDoublesGradient(z => Distillation.Loss(z, targets, temperature), NodeTestKit.Random(5, -1, 1, 3, 4));
    }

    [Fact]
    public void The_T_squared_factor_makes_the_gradient_independent_of_a_high_temperature()
    {
        // For large T, T · (softmax(z/T) − softmax(v/T)) → ((z − mean z) − (v − mean v)) / C: the same for every T.
        var z = Tensor.FromArray([1f, -0.5f, 0.2f, 0.3f], 1, 4);
        var v = Tensor.FromArray([0.4f, 0.1f, -1f, 0.5f], 1, 4);
        float zMean = z.Data.Average(), vMean = v.Data.Average();
        foreach (float temperature in new[] { 100f, 400f })
        {
            var node = new DistillationLossNode(temperature);
            node.Forward(z, Distillation.SoftTargets(v, temperature));
            var g = node.Backward(Tensor.Scalar(1))[0]!;
            for (int j = 0; j < 4; j++)
            {
                float limit = ((z.Data[j] - zMean) - (v.Data[j] - vMean)) / 4;
                Assert.InRange(g.Data[j], limit - 2e-3f, limit + 2e-3f);
            }
        }
    }

    [Fact]
    public void SoftTargets_are_constant_distributions_that_soften_with_temperature()
    {
        var teacher = Tensor.FromArray([4f, 1, 0], 1, 3).WithGrad();
        var sharp = Distillation.SoftTargets(teacher, 1f);
        var soft = Distillation.SoftTargets(teacher, 10f);
        Assert.False(sharp.RequiresGrad);
        Assert.Equal(1f, sharp.Data.Sum(), 5);
        Assert.Equal(1f, soft.Data.Sum(), 5);
        NodeTestKit.AssertValues(sharp, [1, 3], teacher.Detach().Softmax().Data);
        Assert.True(soft[0, 0] < sharp[0, 0] && soft[0, 2] > sharp[0, 2], "a higher temperature moves probability from the top class to the others");
        Assert.InRange(soft[0, 2], 0.25f, 0.34f);
    }

    [Fact]
    public void The_mixed_loss_interpolates_between_labels_and_soft_targets()
    {
        var z = NodeTestKit.Random(6, -2, 2, 3, 4);
        var labels = Tensor.FromArray([1f, 3, 0]);
        var soft = Distillation.SoftTargets(NodeTestKit.Random(7, -2, 2, 3, 4), 4f);
        float ce = Loss.SoftmaxCrossEntropy(z, labels).Item(), kd = Distillation.Loss(z, soft, 4f).Item();
        Assert.Equal(ce, Distillation.Loss(z, soft, labels, 4f, softWeight: 0f).Item(), 5);
        Assert.Equal(kd, Distillation.Loss(z, soft, labels, 4f, softWeight: 1f).Item(), 5);
        Assert.Equal(0.3f * kd + 0.7f * ce, Distillation.Loss(z, soft, labels, 4f, softWeight: 0.3f).Item(), 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => Distillation.Loss(z, soft, labels, 4f, softWeight: 1.5f));
    }

    [Fact]
    public void Bad_input_gets_errors_that_name_the_problem_and_the_fix()
    {
        var logits = Tensor.FromArray([1f, 2, -1, 0], 2, 2);
        var raw = Assert.Throws<ArgumentException>(() => Distillation.Loss(logits, logits, 2f));
        Assert.Contains("row 0 sum to 3, not 1", raw.Message);
        Assert.Contains("SoftTargets", raw.Message);
        var negative = Assert.Throws<ArgumentException>(() => Distillation.Loss(logits, Tensor.FromArray([0.5f, 0.5f, -1f, 2f], 2, 2), 2f));
        Assert.Contains("-1 at row 1, class 0 is not a probability", negative.Message);
        var shape = Assert.Throws<ShapeException>(() => Distillation.Loss(logits, Tensor.Full(0.25f, 1, 4), 2f));
        Assert.Contains("[2, 2]", shape.Message);
        Assert.Contains("[1, 4]", shape.Message);
        var temperature = Assert.Throws<ArgumentOutOfRangeException>(() => new DistillationLossNode(0f));
        Assert.Contains("positive finite", temperature.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Distillation.SoftTargets(logits, float.NaN));
    }
}
