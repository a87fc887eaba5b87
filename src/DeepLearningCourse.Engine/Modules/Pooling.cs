using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Max pooling layer: x [N, C, H, W] → [N, C, Ho, Wo], Ho = (H + 2·padding − kernel) / stride + 1 (see
/// <see cref="MaxPool2dNode"/>; padding at most kernel / 2). No parameters.
/// </summary>
public sealed class MaxPool2d(int kernelSize, int? stride = null, int padding = 0) : Module
{
    public int KernelSize { get; } = kernelSize;

    public int Stride { get; } = stride ?? kernelSize;

    public int Padding { get; } = padding;

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.MaxPool2d(KernelSize, Stride, Padding);
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"MaxPool2d({KernelSize}×{KernelSize}, stride {Stride}{(Padding > 0 ? $", padding {Padding}" : "")})");
}

/// <summary>Average pooling layer: x [N, C, H, W] → [N, C, Ho, Wo] (see <see cref="AvgPool2dNode"/>). No parameters.</summary>
public sealed class AvgPool2d(int kernelSize, int? stride = null) : Module
{
    public int KernelSize { get; } = kernelSize;

    public int Stride { get; } = stride ?? kernelSize;

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.AvgPool2d(KernelSize, Stride);
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"AvgPool2d({KernelSize}×{KernelSize}, stride {Stride})");
}
