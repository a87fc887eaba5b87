namespace DeepLearningCourse.Engine.Tests;

public class DropoutTests
{
    [Fact]
    public void Known_answer_mask_scales_kept_values_and_routes_the_gradient()
    {
        var node = new DropoutNode(0.5f, new Random(42));
        var x = Tensor.FromArray([1f, 2, 3, 4, 5, 6, 7, 8]);
        var y = node.Forward(x);
        var mask = node.Mask!;
        for (int i = 0; i < x.Size; i++)
        {
            Assert.True(mask.Data[i] is 0f or 2f);
            Assert.Equal(x.Data[i] * mask.Data[i], y.Data[i]);
        }
        Assert.Contains(0f, mask.Data);
        Assert.Contains(2f, mask.Data);
        var dx = node.Backward(Tensor.Full(3f, 8))[0]!;
        for (int i = 0; i < x.Size; i++) Assert.Equal(3f * mask.Data[i], dx.Data[i]);
    }

    [Fact]
    public void Drop_rate_and_mean_match_p_statistically()
    {
        const int count = 200_000;
        const float p = 0.3f;
        var y = Tensor.Ones(count).Dropout(p, new Random(1));
        double dropped = y.Data.Count(v => v == 0f) / (double)count;
        double mean = y.Data.Average(v => (double)v);
        // Binomial standard deviation of the rate: √(p(1 − p)/n) ≈ 0.001; allow 5 of them.
        Assert.InRange(dropped, p - 0.005, p + 0.005);
        Assert.InRange(mean, 0.99, 1.01); // inverted dropout keeps the expectation
        Assert.All(y.Data.Where(v => v != 0f), v => Assert.Equal(1f / (1f - p), v, 5));
    }

    [Fact]
    public void Same_seed_same_mask_and_different_calls_different_masks()
    {
        var x = Tensor.Ones(64);
        Assert.Equal(x.Dropout(0.5f, new Random(7)).Data, x.Dropout(0.5f, new Random(7)).Data);
        var layer = new Dropout(0.5f, new Random(7));
        Assert.NotEqual(layer.Forward(x).Data, layer.Forward(x).Data);
    }

    [Fact]
    public void Eval_mode_is_the_identity_and_train_mode_drops()
    {
        var layer = new Dropout(0.5f, new Random(3));
        var x = NodeTestKit.Random(1, 1, 2, 4, 5);
        layer.Eval();
        Assert.Same(x, layer.Forward(x));
        layer.Train();
        var y = layer.Forward(x);
        Assert.Contains(0f, y.Data);
        Assert.Equal(y.Data.Count(v => v == 0f), layer.LastNode!.Mask!.Data.Count(v => v == 0f));
    }

    [Fact]
    public void Gradient_check_and_fan_out_with_a_fixed_seed()
    {
        NodeTestKit.AssertGradientsMatch(() => new DropoutNode(0.4f, new Random(5)), [NodeTestKit.Random(1, -1, 1, 3, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Dropout(0.5f, new Random(9)), NodeTestKit.Random(2, -1, 1, 10));
    }

    [Fact]
    public void Edge_probabilities()
    {
        var x = NodeTestKit.Random(1, -1, 1, 16);
        Assert.Equal(x.Data, x.Dropout(0f, new Random(1)).Data);
        Assert.All(x.Dropout(1f, new Random(1)).Data, v => Assert.Equal(0f, v));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5f, new Random(1)));
        Assert.Contains("Dropout", ex.Message);
    }
}
