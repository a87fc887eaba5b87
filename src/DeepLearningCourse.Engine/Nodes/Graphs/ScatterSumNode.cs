using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Adds rows into buckets: y[index[e]] += x[e]. Shapes: x [E, ...] with one bucket index per row → y [rows, ...]
/// (the trailing axes kept); a bucket no row points to stays zero. Message passing uses it to sum each node's
/// incoming messages (index = receiver of each edge) and a readout uses it to sum each graph's nodes
/// (index = graph of each node). The sum is the same in any row order, which is what makes the result independent
/// of how the edges or nodes are numbered.
/// Backward: dx[e] = dy[index[e]] (each row gets the gradient of the bucket it went into).
/// </summary>
public sealed class ScatterSumNode : Node
{
    private readonly int[] _index;
    private int[] _inputShape = [];

    /// <param name="index">The bucket of each input row, each in 0..rows−1.</param>
    /// <param name="rows">The number of buckets (rows of the output).</param>
    public ScatterSumNode(IReadOnlyList<int> index, int rows)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"ScatterSum: the number of output rows must not be negative, got {rows}.");
        for (int e = 0; e < index.Count; e++)
        {
            if (index[e] < 0 || index[e] >= rows)
                throw new ArgumentOutOfRangeException(nameof(index), $"ScatterSum: row {e} goes to bucket {index[e]} but the output has {rows} rows (0..{rows - 1}); raise the row count or fix the index.");
        }
        _index = [.. index];
        Rows = rows;
    }

    /// <summary>The number of output rows (buckets).</summary>
    public int Rows { get; }

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        if (x.Rank == 0 || x.Shape[0] != _index.Length)
            throw new ShapeException($"{OpName}: input has shape {Tensor.ShapeText(x.Shape)} but the index has {_index.Length} entries; pass [E, ...] with E = {_index.Length} (one row per index entry).");
        int inner = RowSize(x.Shape);
        var y = TensorMemory.Zeroed(Rows * inner);
        for (int e = 0; e < _index.Length; e++)
        {
            Span<float> bucket = y.AsSpan(_index[e] * inner, inner);
            TensorPrimitives.Add(bucket, x.Data.AsSpan(e * inner, inner), bucket);
        }
        _inputShape = x.Shape;
        return new Tensor(y, [Rows, .. x.Shape.AsSpan(1)]);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        int inner = RowSize(_inputShape);
        var dx = TensorMemory.Zeroed(_index.Length * inner);
        for (int e = 0; e < _index.Length; e++) gradOutput.Data.AsSpan(_index[e] * inner, inner).CopyTo(dx.AsSpan(e * inner, inner));
        return [new Tensor(dx, _inputShape)];
    }

    /// <summary>Values per row: the product of every axis after the first.</summary>
    private static int RowSize(int[] shape)
    {
        int size = 1;
        for (int axis = 1; axis < shape.Length; axis++) size *= shape[axis];
        return size;
    }
}
