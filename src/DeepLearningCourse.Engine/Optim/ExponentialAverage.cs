using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>The running averages optimizers keep: average = decay · average + (1 − decay) · value, element-wise.</summary>
internal static class ExponentialAverage
{
    /// <summary>
    /// Updates <paramref name="average"/> in place. Written as a scale followed by a fused multiply-add, which is
    /// vectorized (TensorPrimitives.Lerp computes the same but is not vectorized in System.Numerics.Tensors 11).
    /// </summary>
    public static void Blend(Span<float> average, ReadOnlySpan<float> value, float decay)
    {
        TensorPrimitives.Multiply(average, decay, average);
        TensorPrimitives.MultiplyAdd(value, 1 - decay, average, average);
    }
}
