namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// Weight decay λ is coupled L2 for every optimizer (PyTorch's <c>weight_decay</c>): stepping with λ must equal
/// stepping without it on the gradient g + λ·w, including Adam's fused update and the optimizers' running state.
/// </summary>
public class WeightDecayTests
{
    public static TheoryData<string> Names => ["SGD", "Momentum", "Nesterov", "Adagrad", "Adadelta", "RMSProp", "Adam"];

    private static Optimizer Create(string name, Tensor w, float weightDecay) => name switch
    {
        "SGD" => new SGD([w], learningRate: 0.1f, weightDecay: weightDecay),
        "Momentum" => new Momentum([w], learningRate: 0.1f, weightDecay: weightDecay),
        "Nesterov" => new Nesterov([w], learningRate: 0.1f, weightDecay: weightDecay),
        "Adagrad" => new Adagrad([w], learningRate: 0.1f, weightDecay: weightDecay),
        "Adadelta" => new Adadelta([w], learningRate: 1f, weightDecay: weightDecay),
        "RMSProp" => new RMSProp([w], learningRate: 0.01f, weightDecay: weightDecay),
        _ => new Adam([w], learningRate: 0.01f, weightDecay: weightDecay),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Decay_lambda_equals_stepping_on_g_plus_lambda_w(string name)
    {
        const float lambda = 0.3f;
        // 37 values: not a multiple of any vector width, so vector bodies and scalar tails are both exercised.
        float[] start = Enumerable.Range(0, 37).Select(i => MathF.Sin(i + 1f)).ToArray();
        var decayed = Tensor.FromArray((float[])start.Clone());
        var manual = Tensor.FromArray((float[])start.Clone());
        var withDecay = Create(name, decayed, lambda);
        var without = Create(name, manual, 0f);
        for (int step = 0; step < 4; step++)
        {
            float[] g = Enumerable.Range(0, 37).Select(i => MathF.Cos(0.7f * i + step)).ToArray();
            decayed.Grad = Tensor.FromArray((float[])g.Clone());
            manual.Grad = Tensor.FromArray(g.Select((v, i) => v + lambda * manual.Data[i]).ToArray());
            withDecay.Step();
            without.Step();
            for (int i = 0; i < start.Length; i++)
                Assert.True(Math.Abs(decayed.Data[i] - manual.Data[i]) <= 1e-6f * (1 + Math.Abs(manual.Data[i])),
                    $"{name}, step {step}, element {i}: {decayed.Data[i]} with weight decay vs {manual.Data[i]} on g + λw");
        }
        Assert.NotEqual(start[0], decayed.Data[0]);
    }

    [Fact]
    public void Weight_decay_shrinks_weights_when_the_gradient_is_zero()
    {
        var w = Tensor.FromArray([2f, -4f]);
        var sgd = new SGD([w], learningRate: 0.5f, weightDecay: 0.1f);
        w.Grad = Tensor.Zeros(2);
        sgd.Step();
        NodeTestKit.AssertValues(w, [2], [1.9f, -3.8f]);
        Assert.Contains("weight decay=0.1", sgd.ToString());
    }

    [Fact]
    public void A_negative_or_NaN_weight_decay_names_the_optimizer()
    {
        var w = Tensor.Zeros(2);
        Assert.Contains("Adam: weight decay", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([w], weightDecay: -1f)).Message);
        Assert.Contains("RMSProp: weight decay", Assert.Throws<ArgumentOutOfRangeException>(() => new RMSProp([w], weightDecay: float.NaN)).Message);
    }
}
