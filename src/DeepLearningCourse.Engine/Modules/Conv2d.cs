using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>
/// 2-D convolution layer (see <see cref="Conv2dNode"/> for the formula).
/// Shapes: x [N, inChannels, H, W] → y [N, outChannels, Ho, Wo], Ho = (H + 2·padding − kernel) / stride + 1;
/// Weight [outChannels, inChannels, kernel, kernel] (the same layout as PyTorch), Bias [outChannels].
/// Default initialisation: He/Kaiming uniform, bound √(6 / fanIn) with fanIn = inChannels·kernel² (suits ReLU);
/// zeros for the bias.
/// </summary>
public sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, Random random, int stride = 1, int padding = 0, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0)
            throw new ArgumentException($"Conv2d: channels and kernel size must be positive, got {inChannels} → {outChannels}, kernel {kernelSize}.");
        if (stride < 1 || padding < 0)
            throw new ArgumentException($"Conv2d: stride must be ≥ 1 and padding ≥ 0, got stride {stride}, padding {padding}.");
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        float bound = MathF.Sqrt(6f / (inChannels * kernelSize * kernelSize));
        Weight = AddParameter("Weight", Tensor.Uniform(random, -bound, bound, outChannels, inChannels, kernelSize, kernelSize));
        Bias = bias ? AddParameter("Bias", Tensor.Zeros(outChannels)) : null;
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    /// <summary>[outChannels, inChannels, kernel, kernel].</summary>
    public Tensor Weight { get; }

    /// <summary>[outChannels], or null without bias.</summary>
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Conv2d(Weight, Bias, Stride, Padding);
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Conv2d({InChannels} → {OutChannels}, {KernelSize}×{KernelSize}, stride {Stride}, padding {Padding})");
}
