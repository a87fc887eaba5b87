namespace DeepLearningCourse.Engine.Tests.Optim;

public class ScheduleAndClippingTests
{
    private static SGD NewOptimizer(float lr = 0.1f) => new([Tensor.Zeros(1).WithGrad()], lr);

    [Fact]
    public void StepDecay_multiplies_by_gamma_every_step_size()
    {
        var optimizer = NewOptimizer();
        var schedule = new StepDecay(optimizer, stepSize: 2, gamma: 0.5f);
        var rates = Enumerable.Range(0, 5).Select(_ => schedule.Step()).ToArray();
        Assert.Equal([0.1f, 0.05f, 0.05f, 0.025f, 0.025f], rates, (a, b) => Math.Abs(a - b) < 1e-7);
        Assert.Equal(0.025f, optimizer.LearningRate, 6);
        Assert.Equal(0.1f, schedule.RateAt(0), 6);
    }

    [Fact]
    public void ExponentialDecay_is_lr0_gamma_to_the_t()
    {
        var optimizer = NewOptimizer();
        var schedule = new ExponentialDecay(optimizer, 0.9f);
        schedule.Step();
        schedule.Step();
        schedule.Step();
        Assert.Equal(0.1 * Math.Pow(0.9, 3), optimizer.LearningRate, 6);
    }

    [Fact]
    public void CosineDecay_goes_from_lr0_through_the_midpoint_to_the_minimum()
    {
        var optimizer = NewOptimizer();
        var schedule = new CosineDecay(optimizer, totalSteps: 10, minimumLearningRate: 0.01f);
        Assert.Equal(0.1f, schedule.RateAt(0), 6);
        Assert.Equal(0.055f, schedule.RateAt(5), 6);
        Assert.Equal(0.01f + 0.045 * (1 + Math.Cos(Math.PI * 0.3)), schedule.RateAt(3), 6);
        for (int i = 0; i < 12; i++) schedule.Step();
        Assert.Equal(0.01f, optimizer.LearningRate, 6);
    }

    [Fact]
    public void ByGlobalNorm_returns_pre_clip_norm_and_scales_to_max_norm()
    {
        var a = Tensor.Zeros(2).WithGrad();
        var b = Tensor.Zeros(1).WithGrad();
        var unused = Tensor.Zeros(3).WithGrad();
        a.Grad = Tensor.FromArray([3f, 0f]);
        b.Grad = Tensor.FromArray([4f]);
        double norm = GradientClipping.ByGlobalNorm([a, b, unused], 1.0);
        Assert.Equal(5.0, norm, 6);
        Assert.Equal(0.6f, a.Grad.Data[0], 6);
        Assert.Equal(0.8f, b.Grad.Data[0], 6);
        Assert.Equal(1.0, GradientClipping.GlobalNorm([a, b]), 5);
    }

    [Fact]
    public void ByGlobalNorm_leaves_small_gradients_alone()
    {
        var a = Tensor.Zeros(2).WithGrad();
        a.Grad = Tensor.FromArray([0.3f, 0.4f]);
        Assert.Equal(0.5, GradientClipping.ByGlobalNorm([a], 1.0), 6);
        Assert.Equal([0.3f, 0.4f], a.Grad.Data);
    }

    [Fact]
    public void ByValue_clamps_each_value_and_counts_them()
    {
        var a = Tensor.Zeros(4).WithGrad();
        a.Grad = Tensor.FromArray([-3f, 0.5f, 2f, -0.2f]);
        Assert.Equal(2, GradientClipping.ByValue([a], 1f));
        Assert.Equal([-1f, 0.5f, 1f, -0.2f], a.Grad.Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ByValue([a], 0f));
    }
}
