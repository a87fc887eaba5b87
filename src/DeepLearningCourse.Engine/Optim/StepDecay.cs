namespace DeepLearningCourse.Engine;

/// <summary>Step decay: η(t) = η₀·γ^⌊t / stepSize⌋ — multiply the rate by γ every <c>stepSize</c> steps (epochs).</summary>
public sealed class StepDecay : LearningRateSchedule
{
    public StepDecay(Optimizer optimizer, int stepSize, float gamma = 0.1f) : base(optimizer)
    {
        if (stepSize < 1) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "StepDecay: stepSize must be at least 1.");
        if (!(gamma > 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "StepDecay: gamma must be in (0, 1].");
        StepSize = stepSize;
        Gamma = gamma;
    }

    public int StepSize { get; }

    public float Gamma { get; }

    public override float RateAt(int t) => (float)(InitialLearningRate * Math.Pow(Gamma, Math.Max(t, 0) / StepSize));
}
