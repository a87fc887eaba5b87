using System.Globalization;
using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Table lookup: row <c>indices[..]</c> of the embedding table.
/// Shapes: indices [N] or [B, T] (any shape; whole numbers stored as floats) and table [vocab, dim] →
/// output [N, dim] or [B, T, dim] (the indices' shape with dim appended). Same as PyTorch's nn.Embedding.
/// Backward: the indices get no gradient; row i of dTable is the sum of the output gradients of every position
/// that looked up index i (an index used twice gets both contributions).
/// </summary>
public sealed class EmbeddingNode : Node
{
    private int[]? _rows;
    private int[] _tableShape = [];

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor indices = inputs[0], table = inputs[1];
        NodeArgs.Rank(this, table, 2, "table", "[vocab, dim]");
        int vocab = table.Shape[0], dim = table.Shape[1];
        var rows = new int[indices.Size];
        for (int p = 0; p < rows.Length; p++)
        {
            float v = indices.Data[p];
            if (v != MathF.Floor(v) || v < 0 || v >= vocab)
            {
                string value = v.ToString(CultureInfo.InvariantCulture);
                throw new ArgumentOutOfRangeException(nameof(inputs),
                    $"{OpName}: index {value} at position {PositionText(indices.Shape, p)} of indices {Tensor.ShapeText(indices.Shape)} is not a whole number in 0..{vocab - 1}; the vocabulary has {vocab} entries (table {Tensor.ShapeText(table.Shape)}). Map unknown tokens to a reserved index or enlarge the table.");
            }
            rows[p] = (int)v;
        }
        var y = TensorMemory.Zeroed(rows.Length * dim);
        for (int p = 0; p < rows.Length; p++) table.Data.AsSpan(rows[p] * dim, dim).CopyTo(y.AsSpan(p * dim, dim));
        _rows = rows;
        _tableShape = table.Shape;
        return new Tensor(y, [.. indices.Shape, dim]);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        int[] rows = NodeArgs.Saved(this, _rows);
        int dim = _tableShape[1];
        var dTable = new float[_tableShape[0] * dim];
        for (int p = 0; p < rows.Length; p++)
        {
            Span<float> row = dTable.AsSpan(rows[p] * dim, dim);
            TensorPrimitives.Add(row, gradOutput.Data.AsSpan(p * dim, dim), row);
        }
        return [null, new Tensor(dTable, _tableShape)];
    }

    public override void ReleaseSavedState()
    {
        _rows = null;
        base.ReleaseSavedState();
    }

    /// <summary>Flat index p written as a full index "[1, 3]" of the given shape.</summary>
    private static string PositionText(int[] shape, int p)
    {
        var index = new int[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            index[axis] = p % shape[axis];
            p /= shape[axis];
        }
        return Tensor.ShapeText(index);
    }
}
