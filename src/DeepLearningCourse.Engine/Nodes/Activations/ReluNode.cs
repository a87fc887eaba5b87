using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// ReLU(x) = max(0, x), element-wise; any shape.
/// Backward gates the gradient: it passes where x &gt; 0 and is zero where x ≤ 0.
/// </summary>
public sealed class ReluNode : Node
{
    private Tensor? _x;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        _x = inputs[0];
        var y = TensorMemory.Uninitialized(_x.Size);
        Rectify(_x.Data, y);
        return new Tensor(y, _x.Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x);
        var dx = TensorMemory.Uninitialized(x.Size);
        GateByPositive(x.Data, gradOutput.Data, dx);
        return [new Tensor(dx, x.Shape)];
    }

    /// <summary>y[i] = max(0, x[i]) (y may be x), in chunks that stay in cache (<see cref="CacheChunks"/>).</summary>
    internal static void Rectify(ReadOnlySpan<float> x, Span<float> y)
    {
        foreach (var (start, length) in CacheChunks.Of(y.Length))
            TensorPrimitives.Max(x.Slice(start, length), 0f, y.Slice(start, length));
    }

    /// <summary>dx[i] = x[i] &gt; 0 ? g[i] : 0, sixteen lanes at a time (a branch per element mispredicts often).</summary>
    internal static void GateByPositive(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dx)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var positive = Vector512.GreaterThan(Vector512.Create(x.Slice(i)), Vector512<float>.Zero);
                Vector512.ConditionalSelect(positive, Vector512.Create(g.Slice(i)), Vector512<float>.Zero).CopyTo(dx.Slice(i));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var positive = Vector256.GreaterThan(Vector256.Create(x.Slice(i)), Vector256<float>.Zero);
                Vector256.ConditionalSelect(positive, Vector256.Create(g.Slice(i)), Vector256<float>.Zero).CopyTo(dx.Slice(i));
            }
        }
        for (; i < x.Length; i++) dx[i] = x[i] > 0 ? g[i] : 0f;
    }

    public override void ReleaseSavedState()
    {
        _x = null;
        base.ReleaseSavedState();
    }
}
