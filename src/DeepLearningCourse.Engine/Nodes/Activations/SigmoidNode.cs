using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// σ(x) = 1 / (1 + e^(−x)) element-wise; any shape. Stable for large |x|: saturates to exactly 0 or 1, never NaN.
/// Backward: dL/dx = dL/dy · σ(x)(1 − σ(x)) (reuses the saved output).
/// </summary>
public sealed class SigmoidNode : Node
{
    private Tensor? _y;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var y = TensorMemory.Uninitialized(x.Size);
        foreach (var (start, length) in CacheChunks.Of(y.Length))
            VectorMath.Sigmoid(x.Data.AsSpan(start, length), y.AsSpan(start, length));
        _y = new Tensor(y, x.Shape);
        return _y;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor y = NodeArgs.Saved(this, _y);
        var dx = TensorMemory.Uninitialized(y.Size);
        // Chunk by chunk, so the three passes over each chunk find it in cache (see CacheChunks).
        foreach (var (start, length) in CacheChunks.Of(dx.Length))
        {
            ReadOnlySpan<float> sigma = y.Data.AsSpan(start, length);
            Span<float> d = dx.AsSpan(start, length);
            TensorPrimitives.Subtract(1f, sigma, d);                                 // 1 − σ
            TensorPrimitives.Multiply(d, sigma, d);                                  // σ(1 − σ)
            TensorPrimitives.Multiply(d, gradOutput.Data.AsSpan(start, length), d);
        }
        return [new Tensor(dx, y.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _y = null;
        base.ReleaseSavedState();
    }
}
