namespace DeepLearningCourse.Engine;

/// <summary>
/// Global average pooling: x [N, C, H, W] → y [N, C], each channel's mean over all H·W positions. Used instead of
/// Flatten before a network's classifier: the classifier then needs C·classes weights rather than C·H·W·classes,
/// and the network accepts any image size. No parameters.
/// </summary>
public sealed class GlobalAvgPool2d : Module
{
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4)
            throw new ShapeException($"GlobalAvgPool2d: input is {Tensor.ShapeText(input.Shape)} but must have rank 4 [N, C, H, W]; put it after the convolutional layers, before Flatten would be.");
        int n = input.Shape[0], c = input.Shape[1];
        return input.Reshape(n, c, input.Shape[2] * input.Shape[3]).Mean(2);
    }
}
