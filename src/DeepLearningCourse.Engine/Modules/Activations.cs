namespace DeepLearningCourse.Engine;

/// <summary>ReLU as a layer for <see cref="Sequential"/>; any shape.</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>LeakyReLU as a layer: x for x &gt; 0, slope · x otherwise; any shape.</summary>
public sealed class LeakyReLU(float slope = 0.01f) : Module
{
    /// <summary>The slope for negative inputs.</summary>
    public float Slope { get; } = slope;

    public override Tensor Forward(Tensor input) => input.LeakyRelu(Slope);

    public override string Describe() => $"LeakyReLU(slope={Tensor.FormatValue(Slope)})";
}

/// <summary>Sigmoid as a layer: 1 / (1 + e^(−x)); any shape.</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>Tanh as a layer; any shape.</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}
