using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Dropout layer, any shape. In training mode each value is zeroed with probability <see cref="P"/> and the kept
/// ones are scaled by 1 / (1 − p) (inverted dropout, see <see cref="DropoutNode"/>); in Eval mode it returns its
/// input unchanged. Masks come from the <see cref="Random"/> given here, so a run is reproducible from its seed.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Random _random;

    public Dropout(float p, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: p is the probability of dropping a value and must be in [0, 1].");
        P = p;
        _random = random;
    }

    /// <summary>Probability of dropping each value in training mode.</summary>
    public float P { get; }

    /// <summary>The node of the last training-mode call (its <see cref="DropoutNode.Mask"/> shows what was dropped), or null.</summary>
    public DropoutNode? LastNode { get; private set; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsTraining || P == 0f) return input;
        LastNode = new DropoutNode(P, _random);
        return LastNode.Apply(input);
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Dropout(p={P})");
}
