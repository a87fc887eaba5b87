namespace DeepLearningCourse.Engine.Tests.Optim;

/// <summary>Each optimizer's first two steps against its formula computed here in double, element by element.</summary>
public class OptimizerTests
{
    private static readonly double[] Start = [1.0, -2.0, 0.5];
    private static readonly double[][] Gradients = [[0.3, -0.1, 2.0], [-0.2, 0.4, 1.0]];

    /// <summary>Runs two steps with the fixed gradients and returns the weights after each.</summary>
    private static float[][] RunTwoSteps(Func<Tensor, Optimizer> create)
    {
        var w = Tensor.FromArray(Start, 3).WithGrad();
        var optimizer = create(w);
        var after = new float[2][];
        for (int s = 0; s < 2; s++)
        {
            w.Grad = Tensor.FromArray(Gradients[s], 3);
            optimizer.Step();
            after[s] = w.ToArray();
        }
        return after;
    }

    private static void AssertSteps(float[][] actual, Func<int, double, double, double[], double> update, int stateSize)
    {
        // update(i, w, g, state) returns the new w; state holds per-element optimizer state (persisting across steps).
        for (int i = 0; i < Start.Length; i++)
        {
            var state = new double[stateSize];
            double w = Start[i];
            for (int s = 0; s < 2; s++)
            {
                w = update(s + 1, w, Gradients[s][i], state);
                Assert.Equal(w, actual[s][i], 5);
            }
        }
    }

    [Fact]
    public void SGD_step_is_w_minus_lr_g()
    {
        var steps = RunTwoSteps(w => new SGD([w], learningRate: 0.1f));
        AssertSteps(steps, (t, w, g, s) => w - 0.1 * g, 0);
    }

    [Fact]
    public void SGD_weight_decay_adds_lambda_w_to_the_gradient()
    {
        var steps = RunTwoSteps(w => new SGD([w], learningRate: 0.1f, weightDecay: 0.01f));
        AssertSteps(steps, (t, w, g, s) => w - 0.1 * (g + 0.01 * w), 0);
    }

    [Fact]
    public void Momentum_accumulates_velocity()
    {
        var steps = RunTwoSteps(w => new Momentum([w], learningRate: 0.1f, momentum: 0.9f));
        AssertSteps(steps, (t, w, g, s) =>
        {
            s[0] = 0.9 * s[0] + g;
            return w - 0.1 * s[0];
        }, 1);
    }

    [Fact]
    public void Nesterov_steps_with_g_plus_mu_v()
    {
        var steps = RunTwoSteps(w => new Nesterov([w], learningRate: 0.1f, momentum: 0.9f));
        AssertSteps(steps, (t, w, g, s) =>
        {
            s[0] = 0.9 * s[0] + g;
            return w - 0.1 * (g + 0.9 * s[0]);
        }, 1);
    }

    [Fact]
    public void Adagrad_divides_by_root_of_summed_squares()
    {
        var steps = RunTwoSteps(w => new Adagrad([w], learningRate: 0.1f, epsilon: 1e-10f));
        AssertSteps(steps, (t, w, g, s) =>
        {
            s[0] += g * g;
            return w - 0.1 * g / (Math.Sqrt(s[0]) + 1e-10);
        }, 1);
    }

    [Fact]
    public void Adadelta_uses_ratio_of_running_rms()
    {
        const double rho = 0.9, eps = 1e-6;
        var steps = RunTwoSteps(w => new Adadelta([w], learningRate: 1f, rho: 0.9f, epsilon: 1e-6f));
        AssertSteps(steps, (t, w, g, s) =>
        {
            s[0] = rho * s[0] + (1 - rho) * g * g;
            double delta = -Math.Sqrt(s[1] + eps) / Math.Sqrt(s[0] + eps) * g;
            s[1] = rho * s[1] + (1 - rho) * delta * delta;
            return w + delta;
        }, 2);
    }

    [Fact]
    public void RMSProp_divides_by_running_rms()
    {
        var steps = RunTwoSteps(w => new RMSProp([w], learningRate: 0.01f, rho: 0.9f, epsilon: 1e-8f));
        AssertSteps(steps, (t, w, g, s) =>
        {
            s[0] = 0.9 * s[0] + 0.1 * g * g;
            return w - 0.01 * g / (Math.Sqrt(s[0]) + 1e-8);
        }, 1);
    }

    [Fact]
    public void Adam_is_bias_corrected()
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = 0.1;
        var steps = RunTwoSteps(w => new Adam([w], learningRate: 0.1f));
        AssertSteps(steps, (t, w, g, s) =>
        {
            s[0] = b1 * s[0] + (1 - b1) * g;
            s[1] = b2 * s[1] + (1 - b2) * g * g;
            double mHat = s[0] / (1 - Math.Pow(b1, t)), vHat = s[1] / (1 - Math.Pow(b2, t));
            return w - lr * mHat / (Math.Sqrt(vHat) + eps);
        }, 2);
        // Bias correction makes the first step ≈ lr·sign(g) in every coordinate.
        Assert.Equal(1.0 - 0.1, steps[0][0], 4);
    }

    [Fact]
    public void Step_skips_parameters_without_gradient_and_ZeroGrad_clears()
    {
        var a = Tensor.FromArray([1f, 2f]).WithGrad();
        var b = Tensor.FromArray([3f]).WithGrad();
        var optimizer = new SGD([a, b], 0.5f);
        a.Grad = Tensor.FromArray([1f, 1f]);
        optimizer.Step();
        Assert.Equal([0.5f, 1.5f], a.Data);
        Assert.Equal([3f], b.Data);
        Assert.Equal(1, optimizer.StepCount);
        optimizer.ZeroGrad();
        Assert.Null(a.Grad);
    }

    [Fact]
    public void Step_records_no_graph()
    {
        var w = Tensor.FromArray([1f]).WithGrad();
        w.Grad = Tensor.FromArray([1f]);
        new Adam([w]).Step();
        Assert.True(w.IsLeaf);
    }

    [Fact]
    public void Bad_arguments_name_the_optimizer()
    {
        var w = Tensor.FromArray([1f]).WithGrad();
        Assert.Contains("Adam", Assert.Throws<ArgumentException>(() => new Adam([])).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new SGD([w, w])).Message, StringComparison.Ordinal);
        Assert.Contains("Momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum([w], momentum: 1.5f)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD([w], learningRate: -1f));
        w.Grad = Tensor.Zeros(2);
        var ex = Assert.Throws<ShapeException>(() => new SGD([w]).Step());
        Assert.Contains("SGD.Step", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[2]", ex.Message, StringComparison.Ordinal);
    }
}
