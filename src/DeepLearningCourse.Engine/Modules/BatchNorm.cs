using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Batch normalization layer, per channel on axis 1 (see <see cref="BatchNormNode"/> for the formulas).
/// Training mode normalizes with the batch's own mean and variance and updates the running averages
/// <code>running = (1 − momentum) · running + momentum · batch statistic</code>
/// (the running variance takes the unbiased batch variance, m/(m − 1)·σ², as PyTorch does). Eval mode normalizes
/// with the running averages instead, so one example's output no longer depends on the rest of its batch.
/// Gamma starts at ones, Beta at zeros; RunningMean at zeros and RunningVariance at ones.
/// </summary>
public abstract class BatchNormBase : Module
{
    protected BatchNormBase(int channels, float momentum, float epsilon)
    {
        if (channels <= 0) throw new ArgumentException($"{GetType().Name}: channels must be positive, got {channels}.");
        if (!(momentum >= 0f && momentum <= 1f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "BatchNorm: momentum must be in [0, 1].");
        if (!(epsilon > 0f)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "BatchNorm: epsilon must be positive.");
        (Channels, Momentum, Epsilon) = (channels, momentum, epsilon);
        Gamma = AddParameter("Gamma", Tensor.Ones(channels));
        Beta = AddParameter("Beta", Tensor.Zeros(channels));
        RunningMean = Tensor.Zeros(channels).Named("RunningMean");
        RunningVariance = Tensor.Ones(channels).Named("RunningVariance");
    }

    /// <summary>Number of channels C (features for BatchNorm1d).</summary>
    public int Channels { get; }

    /// <summary>Weight of the newest batch in the running averages (PyTorch's default 0.1).</summary>
    public float Momentum { get; }

    public float Epsilon { get; }

    /// <summary>Scale γ [C].</summary>
    public Tensor Gamma { get; }

    /// <summary>Shift β [C].</summary>
    public Tensor Beta { get; }

    /// <summary>Running average of the batch means [C] (not a parameter; updated in training mode).</summary>
    public Tensor RunningMean { get; }

    /// <summary>Running average of the (unbiased) batch variances [C].</summary>
    public Tensor RunningVariance { get; }

    /// <summary>Number of training-mode batches seen.</summary>
    public int BatchesTracked { get; private set; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input);
        if (input.Shape[1] != Channels)
            throw new ShapeException($"{Describe()}: input is {Tensor.ShapeText(input.Shape)} with {input.Shape[1]} channels on axis 1, but this layer has {Channels}.");
        if (!IsTraining) return new BatchNormNode(RunningMean, RunningVariance, Epsilon).Apply(input, Gamma, Beta);

        var node = new BatchNormNode(Epsilon);
        Tensor y = node.Apply(input, Gamma, Beta);
        float[] mean = node.BatchMean!.Data, variance = node.BatchVariance!.Data;
        float unbiased = node.CountPerChannel / (node.CountPerChannel - 1f);
        for (int c = 0; c < Channels; c++)
        {
            RunningMean.Data[c] = (1 - Momentum) * RunningMean.Data[c] + Momentum * mean[c];
            RunningVariance.Data[c] = (1 - Momentum) * RunningVariance.Data[c] + Momentum * variance[c] * unbiased;
        }
        BatchesTracked++;
        return y;
    }

    /// <summary>Throws unless the input has the rank this layer expects.</summary>
    protected abstract void CheckInput(Tensor input);
}

/// <summary>Batch normalization of features: x [N, F] → [N, F], statistics per feature over the batch.</summary>
public sealed class BatchNorm1d(int features, float momentum = 0.1f, float epsilon = 1e-5f) : BatchNormBase(features, momentum, epsilon)
{
    protected override void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2)
            throw new ShapeException($"{Describe()}: input is {Tensor.ShapeText(input.Shape)} but must be [N, {Channels}]; for images [N, C, H, W] use BatchNorm2d.");
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"BatchNorm1d({Channels})");
}

/// <summary>Batch normalization of images: x [N, C, H, W] → same shape, statistics per channel over N, H and W.</summary>
public sealed class BatchNorm2d(int channels, float momentum = 0.1f, float epsilon = 1e-5f) : BatchNormBase(channels, momentum, epsilon)
{
    protected override void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4)
            throw new ShapeException($"{Describe()}: input is {Tensor.ShapeText(input.Shape)} but must be [N, {Channels}, H, W]; for [N, F] use BatchNorm1d.");
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"BatchNorm2d({Channels})");
}
