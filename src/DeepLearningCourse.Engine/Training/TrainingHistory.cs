using System.Globalization;
using System.Text;

namespace DeepLearningCourse.Engine;

/// <summary>
/// What happened during training, as plain lists of numbers ready to plot: one entry per optimizer step in the
/// <c>Step…</c> lists, one per epoch in the <c>Epoch…</c> and <c>Validation…</c> lists. Accuracy lists stay empty when
/// the trainer is not classifying; validation lists stay empty without validation data.
/// </summary>
public sealed class TrainingHistory
{
    /// <summary>Training loss of each step's mini-batch.</summary>
    public List<double> StepLoss { get; } = [];

    /// <summary>Accuracy on each step's mini-batch (fraction in [0, 1]).</summary>
    public List<double> StepAccuracy { get; } = [];

    /// <summary>Global L2 norm of all parameter gradients at each step, before any clipping.</summary>
    public List<double> StepGradientNorm { get; } = [];

    /// <summary>Learning rate used at each step.</summary>
    public List<double> StepLearningRate { get; } = [];

    /// <summary>Mean training loss over each epoch's steps (weighted by batch size).</summary>
    public List<double> EpochLoss { get; } = [];

    /// <summary>Training accuracy over each epoch (measured while the weights changed, as Keras reports it).</summary>
    public List<double> EpochAccuracy { get; } = [];

    /// <summary>Mean of the step gradient norms in each epoch.</summary>
    public List<double> EpochGradientNorm { get; } = [];

    /// <summary>Learning rate at the end of each epoch.</summary>
    public List<double> EpochLearningRate { get; } = [];

    /// <summary>Loss on the validation data after each epoch (evaluation mode, no gradients).</summary>
    public List<double> ValidationLoss { get; } = [];

    /// <summary>Accuracy on the validation data after each epoch.</summary>
    public List<double> ValidationAccuracy { get; } = [];

    /// <summary>Number of steps recorded.</summary>
    public int Steps => StepLoss.Count;

    /// <summary>Number of epochs recorded.</summary>
    public int Epochs => EpochLoss.Count;

    /// <summary>Set when early stopping ended training before the requested number of epochs.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>0-based epoch with the lowest validation loss (−1 without validation data).</summary>
    public int BestEpoch => ValidationLoss.Count == 0 ? -1 : ValidationLoss.IndexOf(ValidationLoss.Min());

    /// <summary>Epoch numbers 1, 2, ... as x values for plots.</summary>
    public IReadOnlyList<int> EpochNumbers => Enumerable.Range(1, Epochs).ToArray();

    /// <summary>
    /// An exponential moving average of a noisy series (e.g. <see cref="StepLoss"/>) for plotting:
    /// sₜ = β·sₜ₋₁ + (1 − β)·xₜ, divided by (1 − βᵗ) so the start is not pulled towards 0 (bias correction, as in Adam).
    /// β = 0.9 averages over roughly the last 10 values.
    /// </summary>
    public static List<double> Smoothed(IReadOnlyList<double> values, double beta = 0.9)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(beta >= 0 && beta < 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "TrainingHistory.Smoothed: beta must be in [0, 1).");
        var result = new List<double>(values.Count);
        double average = 0, betaPower = 1;
        foreach (double v in values)
        {
            average = beta * average + (1 - beta) * v;
            betaPower *= beta;
            result.Add(average / (1 - betaPower));
        }
        return result;
    }

    /// <summary>A short per-epoch table.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"{Epochs} epochs, {Steps} steps{(StoppedEarly ? " (stopped early)" : "")}");
        for (int e = 0; e < Epochs; e++)
        {
            sb.AppendLine();
            sb.Append(inv, $"epoch {e + 1,4}: loss {EpochLoss[e]:G5}");
            if (e < EpochAccuracy.Count) sb.Append(inv, $", accuracy {EpochAccuracy[e]:P1}");
            if (e < ValidationLoss.Count) sb.Append(inv, $", val loss {ValidationLoss[e]:G5}");
            if (e < ValidationAccuracy.Count) sb.Append(inv, $", val accuracy {ValidationAccuracy[e]:P1}");
            sb.Append(inv, $", |g| {EpochGradientNorm[e]:G4}, lr {EpochLearningRate[e]:G4}");
        }
        return sb.ToString();
    }
}
