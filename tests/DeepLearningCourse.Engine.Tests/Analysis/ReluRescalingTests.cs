namespace DeepLearningCourse.Engine.Tests.Analysis;

public class ReluRescalingTests
{
    private static (Sequential Model, Linear First, Linear Second) Network(int seed)
    {
        var random = new Random(seed);
        var first = new Linear(5, 6, random);
        var second = new Linear(6, 3, random);
        using (GradMode.Disable())
        {
            // Non-zero biases, so that the test also covers them.
            for (int i = 0; i < first.Bias!.Size; i++) first.Bias.Data[i] = 0.1f * (i - 2);
            for (int i = 0; i < second.Bias!.Size; i++) second.Bias.Data[i] = -0.2f * i;
        }
        return (new Sequential(first, new ReLU(), second), first, second);
    }

    private static readonly Tensor s_x = Tensor.Normal(new Random(11), 0, 1, 16, 5);
    private static readonly Tensor s_y = Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (float)(i % 3)).ToArray());

    [Theory]
    [InlineData(0.1f)]
    [InlineData(7f)]
    public void Outputs_do_not_change(float alpha)
    {
        var (model, first, second) = Network(0);
        Tensor before, after;
        using (GradMode.Disable()) before = model.Forward(s_x);
        ReluRescaling.Apply(first, second, alpha);
        using (GradMode.Disable()) after = model.Forward(s_x);
        double diff = before.Data.Zip(after.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(diff < 1e-5, $"max output difference {diff}");
        Assert.Equal(alpha * 0.1f * (3 - 2), first.Bias!.Data[3], 6);
        Assert.Equal(-0.2f * 2, second.Bias!.Data[2], 6);
    }

    [Fact]
    public void The_hessian_transforms_as_d_inverse_h_d_inverse()
    {
        // θ' = Dθ with D = α on layer 1 (weight, bias) and 1/α on layer 2's weight, 1 on its bias: H' = D⁻¹HD⁻¹.
        const float alpha = 10f;
        var (model, first, second) = Network(1);
        var d = model.Parameters().SelectMany(p =>
            Enumerable.Repeat(p == first.Weight || p == first.Bias ? alpha : p == second.Weight ? 1 / alpha : 1.0, p.Size)).ToArray();
        var v = Enumerable.Range(0, d.Length).Select(i => Math.Sin(i + 1.0)).ToArray();

        var original = HessianVectorProduct.ForModel(model, Loss.SoftmaxCrossEntropy, s_x, s_y);
        var hu = original.Multiply(v.Select((x, i) => x / d[i]).ToArray());            // H D⁻¹ v
        var expected = hu.Select((x, i) => x / d[i]).ToArray();                         // D⁻¹ H D⁻¹ v
        ReluRescaling.Apply(first, second, alpha);
        var actual = HessianVectorProduct.ForModel(model, Loss.SoftmaxCrossEntropy, s_x, s_y).Multiply(v);

        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < v.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 2e-3 * scale, $"element {i}: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public void Sharpness_changes_by_a_large_factor_while_the_function_stays()
    {
        var (model, first, second) = Network(2);
        double before = Sharpness.LargestHessianEigenvalue(model, Loss.SoftmaxCrossEntropy, s_x, s_y, new Random(0), 100, 1e-4).Eigenvalue;
        ReluRescaling.Apply(first, second, 10f);
        double after = Sharpness.LargestHessianEigenvalue(model, Loss.SoftmaxCrossEntropy, s_x, s_y, new Random(0), 100, 1e-4).Eigenvalue;
        // The layer-2 block of H is multiplied by α² = 100; λ_max grows by at least α²·(that block's share).
        Assert.True(after > 10 * before, $"λ_max {before} → {after}");
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var (_, first, second) = Network(3);
        Assert.Contains("α > 0", Assert.Throws<ArgumentOutOfRangeException>(() => ReluRescaling.Apply(first, second, -1f)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReluRescaling.Apply(first, second, 0f));
        var e = Assert.Throws<ShapeException>(() => ReluRescaling.Apply(second, first, 2f));
        Assert.Contains("has 3 outputs but the second Linear(5 → 6) takes 5 inputs", e.Message, StringComparison.Ordinal);
    }
}
