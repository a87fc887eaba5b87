namespace DeepLearningCourse.Engine.Tests.Analysis;

public class FastGradientSignTests
{
    private static Linear LinearClassifier()
    {
        var layer = new Linear(3, 2, new Random(0));
        float[] w = [0.5f, -1f, 2f, 0.3f, -0.7f, 0.1f];   // [3, 2]
        w.CopyTo(layer.Weight.Data, 0);
        layer.Bias!.Data[0] = 0.1f;
        layer.Bias.Data[1] = -0.2f;
        return layer;
    }

    [Fact]
    public void Input_gradient_of_a_linear_softmax_classifier_is_w_times_p_minus_onehot_over_n()
    {
        var model = LinearClassifier();
        var x = Tensor.FromArray(new float[,] { { 0.2f, 0.4f, 0.6f }, { 0.9f, 0.1f, 0.3f } });
        var labels = Tensor.FromArray(new float[] { 1, 0 });
        var g = FastGradientSign.InputGradient(model, Loss.SoftmaxCrossEntropy, x, labels);
        Assert.Equal(x.Shape, g.Shape);
        for (int n = 0; n < 2; n++)
        {
            var logits = Enumerable.Range(0, 2).Select(k => model.Bias!.Data[k] + Enumerable.Range(0, 3).Sum(j => x[n, j] * model.Weight[j, k])).ToArray();
            double z = logits.Sum(l => Math.Exp(l));
            var delta = logits.Select((l, k) => Math.Exp(l) / z - (k == (int)labels.Data[n] ? 1 : 0)).ToArray();
            for (int j = 0; j < 3; j++)
                Assert.Equal((model.Weight[j, 0] * delta[0] + model.Weight[j, 1] * delta[1]) / 2, g[n, j], 6);
        }
    }

    [Fact]
    public void Input_gradient_of_a_relu_network_matches_finite_differences()
    {
        var random = new Random(3);
        var model = new Sequential(new Linear(4, 5, random), new ReLU(), new Linear(5, 3, random));
        var x = Tensor.Normal(new Random(4), 0, 1, 3, 4);
        var labels = Tensor.FromArray(new float[] { 2, 0, 1 });
        var g = FastGradientSign.InputGradient(model, Loss.SoftmaxCrossEntropy, x, labels);
        double LossAt(Tensor input) { using (GradMode.Disable()) return Loss.SoftmaxCrossEntropy(model.Forward(input), labels).Item(); }
        for (int i = 0; i < x.Size; i++)
        {
            var plus = x.Clone(); plus.Data[i] += 1e-3f;
            var minus = x.Clone(); minus.Data[i] -= 1e-3f;
            double numeric = (LossAt(plus) - LossAt(minus)) / ((double)plus.Data[i] - minus.Data[i]);
            Assert.Equal(numeric, g.Data[i], 1e-3);
        }
    }

    [Fact]
    public void Parameters_keep_their_gradients_and_stay_trainable()
    {
        var model = LinearClassifier();
        var x = Tensor.FromArray(new float[,] { { 0.2f, 0.4f, 0.6f } });
        FastGradientSign.InputGradient(model, Loss.SoftmaxCrossEntropy, x, Tensor.FromArray(new float[] { 0 }));
        Assert.All(model.Parameters(), p => { Assert.True(p.RequiresGrad); Assert.Null(p.Grad); });
        Assert.False(x.RequiresGrad);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Step_moves_every_value_by_epsilon_along_the_sign_and_clips_to_the_valid_range()
    {
        var x = Tensor.FromArray(new float[] { 0.5f, 0.5f, 0.5f, 0.98f, 0.01f });
        var direction = Tensor.FromArray(new float[] { 3f, -0.001f, 0f, 1f, -1f });
        var stepped = FastGradientSign.Step(x, direction, 0.05f);
        AssertValues([0.55f, 0.45f, 0.5f, 1f, 0f], stepped);
        Assert.Equal(x.Data, FastGradientSign.Step(x, direction, 0f).Data);
        var unclipped = FastGradientSign.Step(x, direction, 2f, float.NegativeInfinity, float.PositiveInfinity);
        AssertValues([2.5f, -1.5f, 0.5f, 2.98f, -1.99f], unclipped);
    }

    private static void AssertValues(float[] expected, Tensor actual)
    {
        Assert.Equal(expected.Length, actual.Size);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual.Data[i], 6);
    }

    [Fact]
    public void The_attack_raises_the_loss_by_about_epsilon_times_the_gradient_l1_norm_far_more_than_random_signs()
    {
        // A linear model's loss is nearly linear in a small step: ΔL ≈ ε‖∇ₓL‖₁ for the sign step, ≈ 0 on average for random signs.
        var model = LinearClassifier();
        var x = Tensor.Uniform(new Random(1), 0.2f, 0.8f, 64, 3);
        var labels = Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (float)(i % 2)).ToArray());
        const float epsilon = 0.01f;
        double LossAt(Tensor input) { using (GradMode.Disable()) return Loss.SoftmaxCrossEntropy(model.Forward(input), labels).Item(); }
        var g = FastGradientSign.InputGradient(model, Loss.SoftmaxCrossEntropy, x, labels);
        double predicted = epsilon * g.Data.Sum(v => Math.Abs(v));
        double attacked = LossAt(FastGradientSign.Perturb(model, Loss.SoftmaxCrossEntropy, x, labels, epsilon)) - LossAt(x);
        double random = LossAt(FastGradientSign.Step(x, Tensor.Normal(new Random(2), 0, 1, 64, 3), epsilon)) - LossAt(x);
        Assert.Equal(predicted, attacked, predicted * 0.05);
        Assert.True(Math.Abs(random) < 0.2 * attacked, $"random-sign change {random} vs attack {attacked}");
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var model = LinearClassifier();
        var x = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ShapeException>(() => FastGradientSign.Step(x, Tensor.Zeros(3, 2), 0.1f));
        Assert.Contains("x has shape [2, 3] but the direction has [3, 2]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => FastGradientSign.Step(x, x, -0.1f));
        Assert.Throws<ArgumentException>(() => FastGradientSign.Step(x, x, 0.1f, min: 1, max: 0));
        using (GradMode.Disable())
            Assert.Contains("GradMode.Disable", Assert.Throws<InvalidOperationException>(() =>
                FastGradientSign.InputGradient(model, Loss.SoftmaxCrossEntropy, x, Tensor.Zeros(2))).Message, StringComparison.Ordinal);
    }
}
