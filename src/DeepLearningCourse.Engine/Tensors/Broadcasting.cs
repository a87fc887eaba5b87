using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>The four arithmetic operations that broadcast.</summary>
public enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// <summary>
/// NumPy-style broadcasting: shapes are aligned at the last axis; each pair of sizes must be equal or one of them 1
/// (a missing leading axis counts as 1). So [M, N] + [N] adds a row to every row, [M, N] * [M, 1] scales each row,
/// and [M, N] / scalar divides everything.
/// </summary>
public static class Broadcasting
{
    /// <summary>The shape of the result of broadcasting <paramref name="a"/> with <paramref name="b"/>.</summary>
    public static int[] ResultShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ShapeException($"{op}: shapes {Tensor.ShapeText(a)} and {Tensor.ShapeText(b)} cannot be broadcast: axis {i - rank} has sizes {da} and {db}. Sizes must be equal or one of them 1; reshape one operand (e.g. to [{da}, 1]) if you meant a column.");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Element-wise <paramref name="op"/> with broadcasting.</summary>
    public static Tensor Compute(BinaryOp op, Tensor a, Tensor b)
    {
        int[] shape = a.SameShape(b) ? a.Shape : ResultShape(a.Shape, b.Shape, op.ToString());
        var result = TensorMemory.Zeroed(Tensor.ShapeSize(shape));
        if (a.Size == result.Length && b.Size == result.Length) Row(op, a.Data, b.Data, result);
        else if (b.Size == 1 && a.Size == result.Length) RowScalarRight(op, a.Data, b.Data[0], result);
        else if (a.Size == 1 && b.Size == result.Length) RowScalarLeft(op, a.Data[0], b.Data, result);
        else General(op, a, b, shape, result);
        return new Tensor(result, shape);
    }

    /// <summary>
    /// Sums <paramref name="gradient"/> over the axes along which a tensor of shape <paramref name="shape"/> was
    /// broadcast, so the result has that shape. This is the backward of broadcasting.
    /// </summary>
    public static Tensor SumTo(Tensor gradient, int[] shape)
    {
        if (gradient.Shape.AsSpan().SequenceEqual(shape)) return gradient;
        var result = TensorMemory.Zeroed(Tensor.ShapeSize(shape));
        if (result.Length == 1)
        {
            result[0] = TensorPrimitives.Sum(gradient.Data);
            return new Tensor(result, shape);
        }
        int[] outShape = gradient.Shape;
        int rank = outShape.Length;
        int n = rank == 0 ? 1 : outShape[rank - 1];
        int[] strides = AlignedStrides(shape, outShape);
        int lastStride = rank == 0 ? 0 : strides[rank - 1];
        int rows = n == 0 ? 0 : gradient.Size / n;
        var index = new int[Math.Max(rank - 1, 0)];
        for (int row = 0; row < rows; row++)
        {
            int offset = Offset(index, strides);
            ReadOnlySpan<float> g = gradient.Data.AsSpan(row * n, n);
            if (lastStride == 0) result[offset] += TensorPrimitives.Sum(g);
            else TensorPrimitives.Add(result.AsSpan(offset, n), g, result.AsSpan(offset, n));
            Increment(index, outShape);
        }
        return new Tensor(result, shape);
    }

    private static void General(BinaryOp op, Tensor a, Tensor b, int[] shape, float[] result)
    {
        int rank = shape.Length;
        int n = shape[rank - 1];
        int[] sa = AlignedStrides(a.Shape, shape), sb = AlignedStrides(b.Shape, shape);
        bool aRow = sa[rank - 1] != 0, bRow = sb[rank - 1] != 0;
        int rows = n == 0 ? 0 : result.Length / n;
        var index = new int[rank - 1];
        for (int row = 0; row < rows; row++)
        {
            int oa = Offset(index, sa), ob = Offset(index, sb);
            Span<float> dest = result.AsSpan(row * n, n);
            if (aRow && bRow) Row(op, a.Data.AsSpan(oa, n), b.Data.AsSpan(ob, n), dest);
            else if (aRow) RowScalarRight(op, a.Data.AsSpan(oa, n), b.Data[ob], dest);
            else if (bRow) RowScalarLeft(op, a.Data[oa], b.Data.AsSpan(ob, n), dest);
            else dest.Fill(Scalar(op, a.Data[oa], b.Data[ob]));
            Increment(index, shape);
        }
    }

    /// <summary>Strides of <paramref name="shape"/> laid against the longer <paramref name="target"/> shape; broadcast axes get stride 0.</summary>
    private static int[] AlignedStrides(int[] shape, int[] target)
    {
        int rank = target.Length, shift = rank - shape.Length;
        var strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= shift; i--)
        {
            int d = shape[i - shift];
            strides[i] = d == 1 && target[i] != 1 ? 0 : stride;
            stride *= d;
        }
        return strides;
    }

    /// <summary>Offset of the row whose leading index (all axes but the last) is <paramref name="index"/>.</summary>
    private static int Offset(int[] index, int[] strides)
    {
        int offset = 0;
        for (int i = 0; i < index.Length; i++) offset += index[i] * strides[i];
        return offset;
    }

    /// <summary>Advances the leading index like an odometer over the axes before the last.</summary>
    private static void Increment(int[] index, int[] shape)
    {
        for (int i = index.Length - 1; i >= 0; i--)
        {
            if (++index[i] < shape[i]) return;
            index[i] = 0;
        }
    }

    private static float Scalar(BinaryOp op, float x, float y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        _ => x / y,
    };

    /// <summary>The op over a row, in chunks that stay in cache (see <see cref="CacheChunks"/>).</summary>
    private static void Row(BinaryOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dest)
    {
        foreach (var (start, length) in CacheChunks.Of(dest.Length))
            RowChunk(op, x.Slice(start, length), y.Slice(start, length), dest.Slice(start, length));
    }

    private static void RowChunk(BinaryOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dest)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, dest); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, dest); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, dest); break;
            default: TensorPrimitives.Divide(x, y, dest); break;
        }
    }

    /// <summary>The op over a row, in chunks that stay in cache (see <see cref="CacheChunks"/>).</summary>
    private static void RowScalarRight(BinaryOp op, ReadOnlySpan<float> x, float y, Span<float> dest)
    {
        foreach (var (start, length) in CacheChunks.Of(dest.Length))
            RowScalarRightChunk(op, x.Slice(start, length), y, dest.Slice(start, length));
    }

    private static void RowScalarRightChunk(BinaryOp op, ReadOnlySpan<float> x, float y, Span<float> dest)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, dest); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, dest); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, dest); break;
            default: TensorPrimitives.Divide(x, y, dest); break;
        }
    }

    /// <summary>The op over a row, in chunks that stay in cache (see <see cref="CacheChunks"/>).</summary>
    private static void RowScalarLeft(BinaryOp op, float x, ReadOnlySpan<float> y, Span<float> dest)
    {
        foreach (var (start, length) in CacheChunks.Of(dest.Length))
            RowScalarLeftChunk(op, x, y.Slice(start, length), dest.Slice(start, length));
    }

    private static void RowScalarLeftChunk(BinaryOp op, float x, ReadOnlySpan<float> y, Span<float> dest)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, dest); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, dest); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(y, x, dest); break;
            default: TensorPrimitives.Divide(x, y, dest); break;
        }
    }
}
