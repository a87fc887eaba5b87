using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Softmax along one axis (default the last): y_j = exp(x_j − m) / Σ_k exp(x_k − m), where m = max_k x_k.
/// Subtracting the maximum changes nothing mathematically but keeps exp from overflowing, so logits of ±1000 are
/// fine. Any shape; for logits [N, C] each row becomes a probability vector.
/// Backward: dL/dx_j = y_j · (dL/dy_j − Σ_k dL/dy_k · y_k) (reuses the saved output).
/// </summary>
public sealed class SoftmaxNode(int axis = -1) : Node
{
    private Tensor? _y;

    public int Axis { get; } = axis;

    public override string OpName => Axis == -1 ? "Softmax" : $"Softmax(axis={Axis})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        NodeArgs.NotEmpty(this, x, "input");
        var (outer, n, inner) = AxisSplit.Of(x.Shape, Axis, "Softmax");
        var y = TensorMemory.Zeroed(x.Size);
        AxisRows.ForEach(x.Data, y, outer, n, inner, static (row, dest) => Rows(row, dest));
        _y = new Tensor(y, x.Shape);
        return _y;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor y = NodeArgs.Saved(this, _y);
        var (outer, n, inner) = AxisSplit.Of(y.Shape, Axis, "Softmax");
        var dx = TensorMemory.Zeroed(y.Size);
        AxisRows.ForEach(y.Data, gradOutput.Data, dx, outer, n, inner, static (yRow, gRow, dest) =>
        {
            float dot = TensorPrimitives.Dot(yRow, gRow);
            TensorPrimitives.Subtract(gRow, dot, dest);
            TensorPrimitives.Multiply(dest, yRow, dest);
        });
        return [new Tensor(dx, y.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _y = null;
        base.ReleaseSavedState();
    }

    /// <summary>Stable softmax of one contiguous row into <paramref name="dest"/>.</summary>
    internal static void Rows(ReadOnlySpan<float> row, Span<float> dest)
    {
        float max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, dest);
        VectorMath.Exp(dest, dest);
        float sum = TensorPrimitives.Sum(dest);
        TensorPrimitives.Divide(dest, sum, dest);
    }
}
