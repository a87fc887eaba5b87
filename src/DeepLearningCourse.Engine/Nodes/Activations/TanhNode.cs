using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// tanh(x) element-wise; any shape; output in (−1, 1).
/// Backward: dL/dx = dL/dy · (1 − tanh²(x)) (reuses the saved output).
/// </summary>
public sealed class TanhNode : Node
{
    private Tensor? _y;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        var y = TensorMemory.Uninitialized(x.Size);
        foreach (var (start, length) in CacheChunks.Of(y.Length))
            VectorMath.Tanh(x.Data.AsSpan(start, length), y.AsSpan(start, length));
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
            ReadOnlySpan<float> t = y.Data.AsSpan(start, length);
            Span<float> d = dx.AsSpan(start, length);
            TensorPrimitives.Multiply(t, t, d);                                      // tanh²
            TensorPrimitives.Subtract(1f, d, d);                                     // 1 − tanh²
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
