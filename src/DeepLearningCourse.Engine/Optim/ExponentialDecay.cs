namespace DeepLearningCourse.Engine;

/// <summary>Exponential decay: η(t) = η₀·γᵗ (γ = 0.95 shrinks the rate by 5% per step).</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    public ExponentialDecay(Optimizer optimizer, float gamma) : base(optimizer)
    {
        if (!(gamma > 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "ExponentialDecay: gamma must be in (0, 1].");
        Gamma = gamma;
    }

    public float Gamma { get; }

    public override float RateAt(int t) => (float)(InitialLearningRate * Math.Pow(Gamma, Math.Max(t, 0)));
}
