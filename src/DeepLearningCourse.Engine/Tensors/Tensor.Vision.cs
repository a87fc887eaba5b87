namespace DeepLearningCourse.Engine;

// Convolution, pooling, dropout and normalization as tensor methods. Each creates a fresh node and applies it.
public sealed partial class Tensor
{
    /// <summary>2-D convolution of this [N, C, H, W] input (see <see cref="Conv2dNode"/>); <paramref name="bias"/> may be null.</summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0) =>
        bias is null ? new Conv2dNode(stride, padding).Apply(this, weight) : new Conv2dNode(stride, padding).Apply(this, weight, bias);

    /// <summary>
    /// Max pooling over kernel×kernel windows of this [N, C, H, W] input (stride defaults to the kernel; padding, at
    /// most kernel / 2, lets windows reach past the border, see <see cref="MaxPool2dNode"/>).
    /// </summary>
    public Tensor MaxPool2d(int kernel, int? stride = null, int padding = 0) => new MaxPool2dNode(kernel, stride, padding).Apply(this);

    /// <summary>Average pooling over kernel×kernel windows of this [N, C, H, W] input (stride defaults to the kernel).</summary>
    public Tensor AvgPool2d(int kernel, int? stride = null) => new AvgPool2dNode(kernel, stride).Apply(this);

    /// <summary>[N, d1, d2, ...] → [N, d1·d2·...] (see <see cref="FlattenNode"/>).</summary>
    public Tensor Flatten() => new FlattenNode().Apply(this);

    /// <summary>Inverted dropout with a mask drawn from <paramref name="random"/> (training only; see <see cref="DropoutNode"/>).</summary>
    public Tensor Dropout(float p, Random random) => new DropoutNode(p, random).Apply(this);

    /// <summary>Batch normalization with this batch's statistics, per channel on axis 1 (see <see cref="BatchNormNode"/>).</summary>
    public Tensor BatchNorm(Tensor gamma, Tensor beta, float epsilon = 1e-5f) => new BatchNormNode(epsilon).Apply(this, gamma, beta);

    /// <summary>Layer normalization over the last axis (see <see cref="LayerNormNode"/>).</summary>
    public Tensor LayerNorm(Tensor gamma, Tensor beta, float epsilon = 1e-5f) => new LayerNormNode(epsilon).Apply(this, gamma, beta);
}
