namespace DeepLearningCourse.Engine;

/// <summary>
/// Cosine decay (Loshchilov &amp; Hutter 2017, without restarts): η(t) = η_min + ½(η₀ − η_min)(1 + cos(π·t / T)) for
/// t ≤ T, and η_min after T = <c>totalSteps</c>.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    public CosineDecay(Optimizer optimizer, int totalSteps, float minimumLearningRate = 0f) : base(optimizer)
    {
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "CosineDecay: totalSteps must be at least 1.");
        if (!(minimumLearningRate >= 0 && minimumLearningRate <= InitialLearningRate))
            throw new ArgumentOutOfRangeException(nameof(minimumLearningRate), minimumLearningRate, $"CosineDecay: the minimum rate must be in [0, {InitialLearningRate}] (the optimizer's current rate).");
        TotalSteps = totalSteps;
        MinimumLearningRate = minimumLearningRate;
    }

    /// <summary>T, the step at which the rate reaches its minimum.</summary>
    public int TotalSteps { get; }

    /// <summary>η_min.</summary>
    public float MinimumLearningRate { get; }

    public override float RateAt(int t)
    {
        double progress = Math.Clamp((double)t / TotalSteps, 0, 1);
        return (float)(MinimumLearningRate + 0.5 * (InitialLearningRate - MinimumLearningRate) * (1 + Math.Cos(Math.PI * progress)));
    }
}
