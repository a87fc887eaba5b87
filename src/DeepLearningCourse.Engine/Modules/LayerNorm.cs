namespace DeepLearningCourse.Engine;

/// <summary>
/// Layer normalization over the last axis: x [..., D] → [..., D] (see <see cref="LayerNormNode"/> for the formulas).
/// Gamma [D] starts at ones, Beta [D] at zeros. Behaves the same in training and evaluation.
/// </summary>
public sealed class LayerNorm : Module
{
    public LayerNorm(int features, float epsilon = 1e-5f)
    {
        if (features <= 0) throw new ArgumentException($"LayerNorm: features must be positive, got {features}.");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "LayerNorm: epsilon must be positive.");
        (Features, Epsilon) = (features, epsilon);
        Gamma = AddParameter("Gamma", Tensor.Ones(features));
        Beta = AddParameter("Beta", Tensor.Zeros(features));
    }

    public int Features { get; }

    public float Epsilon { get; }

    /// <summary>Scale [D].</summary>
    public Tensor Gamma { get; }

    /// <summary>Shift [D].</summary>
    public Tensor Beta { get; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.LayerNorm(Gamma, Beta, Epsilon);
    }

    public override string Describe() => $"LayerNorm({Features})";
}
