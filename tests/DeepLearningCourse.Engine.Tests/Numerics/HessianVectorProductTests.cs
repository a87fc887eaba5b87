namespace DeepLearningCourse.Engine.Tests.Numerics;

public class HessianVectorProductTests
{
    private static double[] RandomVector(int n, int seed, double scale = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => scale * (random.NextDouble() * 2 - 1)).ToArray();
    }

    private static double[] Multiply(double[,] a, double[] v) =>
        Enumerable.Range(0, a.GetLength(0)).Select(i => Enumerable.Range(0, v.Length).Sum(j => a[i, j] * v[j])).ToArray();

    private static void AssertClose(double[] expected, double[] actual, double relativeTolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relativeTolerance * scale, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void Quadratic_over_two_parameter_tensors_gives_its_matrix_times_v()
    {
        // L(θ) = ½ θᵀAθ + bᵀθ with θ = (p [2, 2] flattened, q [1]): H = A everywhere.
        var a = new double[,] { { 4, 1, 0, 0, 1 }, { 1, 3, 0, 0, 0 }, { 0, 0, 2, 1, 0 }, { 0, 0, 1, 5, 0 }, { 1, 0, 0, 0, 1 } };
        var aTensor = Tensor.FromArray(Enumerable.Range(0, 25).Select(k => (float)a[k / 5, k % 5]).ToArray(), 5, 5);
        var b = Tensor.FromArray(new float[] { 0.3f, -1, 2, 0.5f, -0.2f }, 1, 5);
        var p = Tensor.FromArray(new float[] { 0.5f, -0.7f, 1.1f, 0.2f }, 2, 2).WithGrad();
        var q = Tensor.FromArray(new float[] { -0.4f }).WithGrad();
        Tensor Loss()
        {
            var theta = Tensor.Concat(1, p.Reshape(1, 4), q.Reshape(1, 1));
            return (theta.MatMul(aTensor) * theta).Sum() * 0.5f + (b * theta).Sum();
        }
        var hvp = new HessianVectorProduct([p, q], Loss);
        Assert.Equal(5, hvp.Dimension);
        foreach (var (seed, scale) in new[] { (1, 1.0), (2, 0.01), (3, 300.0) })
        {
            var v = RandomVector(5, seed, scale);
            AssertClose(Multiply(a, v), hvp.Multiply(v), 1e-4);
        }
        // The gradient at θ is Aθ + b.
        var theta0 = new double[] { 0.5, -0.7, 1.1, 0.2, -0.4 };
        var expectedGradient = Multiply(a, theta0).Select((g, i) => g + b.Data[i]).ToArray();
        AssertClose(expectedGradient, hvp.Gradient(), 1e-5);
    }

    [Fact]
    public void Logistic_regression_matches_its_exact_hessian()
    {
        // L = mean BCE(σ(x·w + c), t): H = (1/N) Σ p(1 − p) z zᵀ with z = (x, 1), p = σ(x·w + c).
        int n = 12, d = 3;
        var x = Tensor.Normal(new Random(5), 0, 1, n, d);
        var t = Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)(i % 2)).ToArray(), n, 1);
        var w = Tensor.FromArray(new float[] { 0.8f, -0.5f, 0.3f }, d, 1).WithGrad();
        var c = Tensor.FromArray(new float[] { 0.2f }).WithGrad();
        var hvp = new HessianVectorProduct([w, c], () => Loss.SigmoidBinaryCrossEntropy(x.MatMul(w) + c, t));

        var exact = new double[d + 1, d + 1];
        for (int i = 0; i < n; i++)
        {
            var z = Enumerable.Range(0, d).Select(j => (double)x[i, j]).Append(1.0).ToArray();
            double logit = z.Take(d).Select((v, j) => v * w.Data[j]).Sum() + c.Data[0];
            double prob = 1 / (1 + Math.Exp(-logit));
            for (int r = 0; r <= d; r++)
                for (int s = 0; s <= d; s++) exact[r, s] += prob * (1 - prob) * z[r] * z[s] / n;
        }
        for (int k = 0; k <= d; k++)
        {
            var basis = new double[d + 1];
            basis[k] = 1;
            AssertClose(Multiply(exact, basis), hvp.Multiply(basis), 2e-3);
        }
        var v = RandomVector(d + 1, 9);
        AssertClose(Multiply(exact, v), hvp.Multiply(v), 2e-3);
        Assert.Equal(2 * (d + 2), hvp.GradientEvaluations);
    }

    [Fact]
    public void Parameters_and_their_earlier_gradients_are_restored()
    {
        var layer = new Linear(4, 3, new Random(0));
        var x = Tensor.Normal(new Random(1), 0, 1, 6, 4);
        var y = Tensor.FromArray(new float[] { 0, 1, 2, 0, 1, 2 });
        var before = layer.SaveState();
        var earlierGrad = Tensor.Full(7f, 4, 3);
        layer.Weight.Grad = earlierGrad;
        var hvp = HessianVectorProduct.ForModel(layer, Loss.SoftmaxCrossEntropy, x, y);
        hvp.Multiply(RandomVector(hvp.Dimension, 2));
        var after = layer.SaveState();
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], after[k]);
        Assert.Same(earlierGrad, layer.Weight.Grad);
        Assert.Null(layer.Bias!.Grad);
        Assert.All(earlierGrad.Data, g => Assert.Equal(7f, g));
    }

    [Fact]
    public void The_zero_vector_gives_zero_without_computing_gradients()
    {
        var w = Tensor.FromArray(new float[] { 1, 2 }).WithGrad();
        var hvp = new HessianVectorProduct([w], () => (w * w * w).Sum());
        Assert.Equal(new double[2], hvp.Multiply(new double[2]));
        Assert.Equal(0, hvp.GradientEvaluations);
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var w = Tensor.FromArray(new float[] { 1, 2, 3 }).WithGrad();
        var hvp = new HessianVectorProduct([w], () => (w * w).Sum());
        var wrongLength = Assert.Throws<ShapeException>(() => hvp.Multiply(new double[2]));
        Assert.Contains("v has 2 values but the parameters ([3]) have 3", wrongLength.Message, StringComparison.Ordinal);

        var frozen = Tensor.FromArray(new float[] { 1 });
        Assert.Contains("does not require gradients", Assert.Throws<ArgumentException>(() => new HessianVectorProduct([frozen], () => frozen.Sum())).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new HessianVectorProduct([], () => w.Sum()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HessianVectorProduct([w], () => w.Sum(), step: 0));

        var vectorLoss = new HessianVectorProduct([w], () => w * w);
        Assert.Contains("must be a scalar", Assert.Throws<ShapeException>(() => vectorLoss.Multiply([1, 0, 0])).Message, StringComparison.Ordinal);
        Assert.Equal([1f, 2f, 3f], w.Data);
    }
}
