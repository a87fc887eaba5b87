namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// The fused sequence nodes hand their weight gradients to the engine to keep (no copy); a layer used twice in one
/// graph must still end with the sum of both uses, and a second Backward must not disturb values read earlier.
/// </summary>
public class FusedGradientOwnershipTests
{
    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void A_layer_used_twice_gets_the_sum_of_both_uses(string kind)
    {
        RecurrentLayer layer = kind == "LSTM" ? new LSTM(3, 5, new Random(1), fused: true) : new GRU(3, 5, new Random(1), fused: true);
        Tensor first = NodeTestKit.Random(2, -1, 1, 2, 4, 3), second = NodeTestKit.Random(3, -1, 1, 2, 4, 3);
        Tensor[] GradientsOf(Func<Tensor> loss)
        {
            layer.ZeroGrad();
            loss().Backward();
            return [.. layer.Parameters().Select(p => p.Grad!.Clone())];
        }
        var once = GradientsOf(() => layer.Forward(first).Sum());
        var other = GradientsOf(() => layer.Forward(second).Sum());
        var both = GradientsOf(() => layer.Forward(first).Sum() + layer.Forward(second).Sum());
        for (int i = 0; i < both.Length; i++)
            Assert.True(both[i].AllClose(once[i] + other[i], 1e-6f), $"{kind} parameter {i}");
        var kept = both[0].Clone();
        GradientsOf(() => layer.Forward(second).Sum());
        Assert.Equal(kept.Data, both[0].Data);
    }
}
