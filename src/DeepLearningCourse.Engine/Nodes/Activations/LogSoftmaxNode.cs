using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// log(softmax(x)) along one axis (default the last), computed in one stable step:
/// y_j = (x_j − m) − log Σ_k exp(x_k − m), with m = max_k x_k. Unlike Softmax followed by Log, this never
/// gives −∞ or NaN for large logits: the largest entry's term is exactly exp(0) = 1, so the sum is ≥ 1.
/// Backward: dL/dx_j = dL/dy_j − softmax(x)_j · Σ_k dL/dy_k.
/// </summary>
public sealed class LogSoftmaxNode(int axis = -1) : Node
{
    private Tensor? _y;

    public int Axis { get; } = axis;

    public override string OpName => Axis == -1 ? "LogSoftmax" : $"LogSoftmax(axis={Axis})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        NodeArgs.NotEmpty(this, x, "input");
        var (outer, n, inner) = AxisSplit.Of(x.Shape, Axis, "LogSoftmax");
        var y = TensorMemory.Zeroed(x.Size);
        AxisRows.ForEach(x.Data, y, outer, n, inner, static (row, dest) => Rows(row, dest));
        _y = new Tensor(y, x.Shape);
        return _y;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor y = NodeArgs.Saved(this, _y);
        var (outer, n, inner) = AxisSplit.Of(y.Shape, Axis, "LogSoftmax");
        var dx = TensorMemory.Zeroed(y.Size);
        AxisRows.ForEach(y.Data, gradOutput.Data, dx, outer, n, inner, static (yRow, gRow, dest) =>
        {
            float gSum = TensorPrimitives.Sum(gRow);
            VectorMath.Exp(yRow, dest); // softmax = exp(log-softmax)
            TensorPrimitives.Multiply(dest, -gSum, dest);
            TensorPrimitives.Add(dest, gRow, dest);
        });
        return [new Tensor(dx, y.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _y = null;
        base.ReleaseSavedState();
    }

    /// <summary>Stable log-softmax of one contiguous row into <paramref name="dest"/>.</summary>
    internal static void Rows(ReadOnlySpan<float> row, Span<float> dest)
    {
        float max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, dest);
        float logSum = MathF.Log(SumExp(dest));
        TensorPrimitives.Subtract(dest, logSum, dest);
    }

    /// <summary>Σ exp(v) without modifying <paramref name="shifted"/> (values already shifted by the row maximum).</summary>
    internal static float SumExp(ReadOnlySpan<float> shifted)
    {
        float sum = 0;
        Span<float> buffer = stackalloc float[Math.Min(shifted.Length, 256)];
        for (int start = 0; start < shifted.Length; start += buffer.Length)
        {
            int count = Math.Min(buffer.Length, shifted.Length - start);
            VectorMath.Exp(shifted.Slice(start, count), buffer[..count]);
            sum += TensorPrimitives.Sum(buffer[..count]);
        }
        return sum;
    }
}
