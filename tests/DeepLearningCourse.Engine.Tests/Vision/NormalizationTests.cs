namespace DeepLearningCourse.Engine.Tests;

public class NormalizationTests
{
    private const float Eps = 1e-5f;

    [Fact]
    public void BatchNorm_known_answer_on_one_feature()
    {
        // mean 2.5, biased variance ((1.5² + 0.5²) · 2) / 4 = 1.25
        var x = Tensor.FromArray([1f, 2, 3, 4], 4, 1);
        var node = new BatchNormNode();
        var y = node.Forward(x, Tensor.FromArray([2f]), Tensor.FromArray([1f]));
        float s = MathF.Sqrt(1.25f + Eps);
        NodeTestKit.AssertValues(y, [4, 1], [2 * -1.5f / s + 1, 2 * -0.5f / s + 1, 2 * 0.5f / s + 1, 2 * 1.5f / s + 1]);
        NodeTestKit.AssertValues(node.BatchMean!, [1], [2.5f]);
        NodeTestKit.AssertValues(node.BatchVariance!, [1], [1.25f]);
        // A constant upstream gradient moves every x̂ equally, which normalization undoes: dx = 0; dβ = Σdy, dγ = Σdy·x̂ = 0.
        var g = node.Backward(Tensor.Ones(4, 1));
        NodeTestKit.AssertValues(g[0]!, [4, 1], [0, 0, 0, 0]);
        NodeTestKit.AssertValues(g[1]!, [1], [0]);
        NodeTestKit.AssertValues(g[2]!, [1], [4]);
    }

    [Fact]
    public void BatchNorm_backward_known_answer_for_an_upstream_equal_to_x_hat()
    {
        // With dy = x̂ and γ = 1: Σdy = 0 and Σdy·x̂ = m·σ²/(σ² + ε) ≈ m, so dx ≈ (x̂ − x̂·1) / σ ≈ 0 up to ε: check dγ = Σx̂².
        var x = Tensor.FromArray([1f, 2, 3, 4], 4, 1);
        var node = new BatchNormNode();
        var xHat = node.Forward(x, Tensor.Ones(1), Tensor.Zeros(1));
        var g = node.Backward(xHat);
        NodeTestKit.AssertValues(g[1]!, [1], [4 * 1.25f / (1.25f + Eps)], 4);
        Assert.All(g[0]!.Data, v => Assert.Equal(0f, v, 4));
    }

    [Fact]
    public void BatchNorm2d_normalizes_each_channel_over_batch_and_pixels()
    {
        var random = new Random(3);
        var data = new float[2 * 2 * 3 * 3];
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 2; c++)
                for (int i = 0; i < 9; i++) data[(n * 2 + c) * 9 + i] = (c == 0 ? 0f : 100f) + (c + 1) * 5f * (float)random.NextDouble();
        var layer = new BatchNorm2d(2);
        var y = layer.Forward(new Tensor(data, 2, 2, 3, 3));
        for (int c = 0; c < 2; c++)
        {
            var values = Enumerable.Range(0, 2).SelectMany(n => y.Data.Skip((n * 2 + c) * 9).Take(9)).ToArray();
            double mean = values.Average(v => (double)v);
            double variance = values.Average(v => (v - mean) * (v - mean));
            Assert.Equal(0, mean, 5);
            Assert.Equal(1, variance, 3);
        }
    }

    [Fact]
    public void BatchNorm_running_statistics_follow_the_momentum_rule_and_drive_eval_mode()
    {
        var layer = new BatchNorm1d(1);
        var x = Tensor.FromArray([1f, 2, 3, 4], 4, 1);
        layer.Forward(x);
        // running mean: 0.9·0 + 0.1·2.5; running variance: 0.9·1 + 0.1·(1.25 · 4/3) (unbiased batch variance)
        NodeTestKit.AssertValues(layer.RunningMean, [1], [0.25f]);
        NodeTestKit.AssertValues(layer.RunningVariance, [1], [0.9f + 0.1f * 1.25f * 4 / 3]);
        Assert.Equal(1, layer.BatchesTracked);

        layer.Eval();
        var single = layer.Forward(Tensor.FromArray([3f], 1, 1));
        NodeTestKit.AssertValues(single, [1, 1], [(3 - 0.25f) / MathF.Sqrt(0.9f + 0.1f * 1.25f * 4 / 3 + Eps)]);
        Assert.Equal(1, layer.BatchesTracked); // eval does not update the statistics
        NodeTestKit.AssertValues(layer.RunningMean, [1], [0.25f]);
    }

    [Fact]
    public void BatchNorm_train_output_depends_on_the_batch_but_eval_output_does_not()
    {
        var layer = new BatchNorm1d(3);
        var a = NodeTestKit.Random(1, -1, 1, 1, 3);
        var batch1 = Tensor.FromArray([.. a.Data, .. NodeTestKit.Random(2, -1, 1, 3).Data], 2, 3);
        var batch2 = Tensor.FromArray([.. a.Data, .. NodeTestKit.Random(3, 5, 6, 3).Data], 2, 3);
        Assert.NotEqual(layer.Forward(batch1).Data[0], layer.Forward(batch2).Data[0]);
        layer.Eval();
        Assert.Equal(layer.Forward(batch1).Data.Take(3), layer.Forward(batch2).Data.Take(3));
    }

    [Fact]
    public void BatchNorm_gradient_checks_in_training_and_eval_mode_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new BatchNormNode(), [NodeTestKit.Random(1, -1, 1, 5, 3), NodeTestKit.Random(2, 0.5f, 1.5f, 3), NodeTestKit.Random(3, -1, 1, 3)]);
        NodeTestKit.AssertGradientsMatch(() => new BatchNormNode(), [NodeTestKit.Random(4, -1, 1, 3, 2, 2, 3), NodeTestKit.Random(5, 0.5f, 1.5f, 2), NodeTestKit.Random(6, -1, 1, 2)]);
        var runningMean = Tensor.FromArray([0.1f, -0.2f]);
        var runningVariance = Tensor.FromArray([0.5f, 2f]);
        NodeTestKit.AssertGradientsMatch(() => new BatchNormNode(runningMean, runningVariance), [NodeTestKit.Random(7, -1, 1, 3, 2, 2, 2), NodeTestKit.Random(8, 0.5f, 1.5f, 2), NodeTestKit.Random(9, -1, 1, 2)]);
        var gamma = NodeTestKit.Random(10, 0.5f, 1.5f, 4);
        var beta = NodeTestKit.Random(11, -1, 1, 4);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.BatchNorm(gamma, beta), NodeTestKit.Random(12, -1, 1, 6, 4));
    }

    [Fact]
    public void BatchNorm_layer_gradient_check_through_the_module()
    {
        var layer = new BatchNorm2d(2);
        var x = NodeTestKit.Random(1, -1, 1, 3, 2, 2, 2);
        var upstream = NodeTestKit.Random(2, -1, 1, 3, 2, 2, 2);
        var result = GradientCheck.CheckModel(layer, () => (layer.Forward(x) * upstream).Sum());
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void BatchNorm_errors_name_the_layer_and_shapes()
    {
        var channels = Assert.Throws<ShapeException>(() => new BatchNorm2d(3).Forward(Tensor.Ones(2, 4, 5, 5)));
        Assert.Equal("BatchNorm2d(3): input is [2, 4, 5, 5] with 4 channels on axis 1, but this layer has 3.", channels.Message);
        var rank = Assert.Throws<ShapeException>(() => new BatchNorm1d(3).Forward(Tensor.Ones(2, 3, 4, 4)));
        Assert.StartsWith("BatchNorm1d(3): input is [2, 3, 4, 4] but must be [N, 3]", rank.Message);
        var single = Assert.Throws<ShapeException>(() => new BatchNorm1d(3).Forward(Tensor.Ones(1, 3)));
        Assert.StartsWith("BatchNorm: input is [1, 3], only 1 value per channel", single.Message);
        var gamma = Assert.Throws<ShapeException>(() => Tensor.Ones(4, 3).BatchNorm(Tensor.Ones(2), Tensor.Ones(2)));
        Assert.Contains("gamma is [2]", gamma.Message);
    }

    [Fact]
    public void LayerNorm_known_answer_normalizes_each_row()
    {
        var node = new LayerNormNode();
        var x = Tensor.FromArray([1f, 2, 3, 2, 4, 6], 2, 3);
        var y = node.Forward(x, Tensor.FromArray([1f, 2, 1]), Tensor.FromArray([0f, 0, 1]));
        // Row 1: mean 2, variance 2/3; row 2: mean 4, variance 8/3 → the same x̂ = (−1.2247, 0, 1.2247).
        float a = 1 / MathF.Sqrt(2f / 3 + Eps), b = 2 / MathF.Sqrt(8f / 3 + Eps);
        NodeTestKit.AssertValues(y, [2, 3], [-a, 0, a + 1, -b, 0, b + 1], 4);
        var g = node.Backward(Tensor.Ones(2, 3));
        NodeTestKit.AssertValues(g[2]!, [3], [2, 2, 2]);      // dβ = Σ_rows dy
        NodeTestKit.AssertValues(g[1]!, [3], [-a - b, 0, a + b], 4); // dγ = Σ_rows x̂
    }

    [Fact]
    public void LayerNorm_gradient_check_fan_out_and_layer()
    {
        NodeTestKit.AssertGradientsMatch(() => new LayerNormNode(), [NodeTestKit.Random(1, -1, 1, 4, 5), NodeTestKit.Random(2, 0.5f, 1.5f, 5), NodeTestKit.Random(3, -1, 1, 5)]);
        NodeTestKit.AssertGradientsMatch(() => new LayerNormNode(), [NodeTestKit.Random(4, -1, 1, 2, 3, 4), NodeTestKit.Random(5, 0.5f, 1.5f, 4), NodeTestKit.Random(6, -1, 1, 4)]);
        var layer = new LayerNorm(6);
        NodeTestKit.AssertFanOutDoublesGradient(x => layer.Forward(x), NodeTestKit.Random(7, -1, 1, 3, 6));
        Assert.Equal([6], layer.Gamma.Shape);
        Assert.Equal(12, layer.ParameterCount);
        var ex = Assert.Throws<ShapeException>(() => layer.Forward(Tensor.Ones(2, 5)));
        Assert.StartsWith("LayerNorm: input is [2, 5] (last axis 5) but gamma is [6]", ex.Message);
    }
}
