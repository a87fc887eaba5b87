namespace DeepLearningCourse.Engine;

/// <summary>
/// Fully connected layer y = x · W + b.
/// Shapes: x [batch, inFeatures] → y [batch, outFeatures]; W [inFeatures, outFeatures]; b [outFeatures].
/// (PyTorch stores the same weight transposed, as [out, in], and computes x · Wᵀ + b.)
/// Default initialisation: He/Kaiming uniform for W (suits ReLU), zeros for b.
/// </summary>
public sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, Random random, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: sizes must be positive, got {inFeatures} → {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        float bound = MathF.Sqrt(6f / inFeatures);
        Weight = AddParameter("Weight", Tensor.Uniform(random, -bound, bound, inFeatures, outFeatures));
        Bias = bias ? AddParameter("Bias", Tensor.Zeros(outFeatures)) : null;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>[inFeatures, outFeatures].</summary>
    public Tensor Weight { get; }

    /// <summary>[outFeatures], or null without bias.</summary>
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        return Bias is null ? new LinearNode().Apply(input, Weight) : new LinearNode().Apply(input, Weight, Bias);
    }

    /// <summary>
    /// max(0, Forward(input)) as one fused node (<see cref="LinearReluNode"/>): what <see cref="Sequential"/> runs for
    /// this layer followed by a <see cref="ReLU"/>. Same values as the two layers one after the other.
    /// </summary>
    public Tensor ForwardRelu(Tensor input)
    {
        CheckInput(input);
        return Bias is null ? new LinearReluNode().Apply(input, Weight) : new LinearReluNode().Apply(input, Weight, Bias);
    }

    private void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 1 || input.Shape[^1] != InFeatures)
            throw new ShapeException($"Linear({InFeatures} → {OutFeatures}): input has shape {Tensor.ShapeText(input.Shape)} but its last axis must be {InFeatures}.");
    }

    public override string Describe() => $"Linear({InFeatures} → {OutFeatures})";
}
