namespace DeepLearningCourse.Engine;

/// <summary>
/// Swaps two axes (by default the last two, so a matrix [M, N] becomes [N, M] and a batch [B, M, N] becomes
/// [B, N, M]). The result is a contiguous copy. Backward swaps the same axes of the gradient back.
/// </summary>
public sealed class TransposeNode(int axis0 = -2, int axis1 = -1) : Node
{
    private int[] _inputShape = [];

    public int Axis0 { get; } = axis0;

    public int Axis1 { get; } = axis1;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor x = inputs[0];
        if (x.Rank < 2)
            throw new ShapeException($"{OpName}: input has shape {Tensor.ShapeText(x.Shape)} but Transpose needs rank ≥ 2 (a vector has no second axis to swap with; reshape it to [1, n] or [n, 1]).");
        _inputShape = x.Shape;
        return Swap(x, Tensor.NormalizeAxis(Axis0, x.Rank, OpName), Tensor.NormalizeAxis(Axis1, x.Rank, OpName));
    }

    public override Tensor?[] Backward(Tensor gradOutput) =>
        [Swap(gradOutput, Tensor.NormalizeAxis(Axis0, _inputShape.Length, OpName), Tensor.NormalizeAxis(Axis1, _inputShape.Length, OpName))];

    /// <summary>Copies x with axes p and q swapped.</summary>
    private static Tensor Swap(Tensor x, int p, int q)
    {
        if (p == q) return new Tensor((float[])x.Data.Clone(), x.Shape);
        if (p > q) (p, q) = (q, p);
        int[] shape = x.Shape;
        // View x as [before, np, between, nq, after]; the output is [before, nq, between, np, after].
        int before = 1, between = 1, after = 1;
        for (int i = 0; i < p; i++) before *= shape[i];
        for (int i = p + 1; i < q; i++) between *= shape[i];
        for (int i = q + 1; i < shape.Length; i++) after *= shape[i];
        int np = shape[p], nq = shape[q];
        var y = TensorMemory.Zeroed(x.Size);
        for (int a = 0; a < before; a++)
        {
            for (int b = 0; b < between; b++)
            {
                // One [np, nq] matrix of blocks of `after` values: source rows are between·nq·after apart,
                // destination rows between·np·after apart.
                int source = (a * np * between + b) * nq * after;
                int dest = (a * nq * between + b) * np * after;
                if (after == 1) TransposeTiled(x.Data, source, between * nq, y, dest, between * np, np, nq);
                else
                {
                    for (int j = 0; j < nq; j++)
                    {
                        for (int i = 0; i < np; i++)
                            Array.Copy(x.Data, source + (i * between * nq + j) * after, y, dest + (j * between * np + i) * after, after);
                    }
                }
            }
        }
        var outShape = (int[])shape.Clone();
        (outShape[p], outShape[q]) = (outShape[q], outShape[p]);
        return new Tensor(y, outShape);
    }

    /// <summary>
    /// dst[j, i] = src[i, j] for an [rows, cols] matrix, in 8×8 tiles: few enough rows that power-of-two strides do not evict each other from cache (measured: 0.8 ms for 1024×1024 against 3.7 ms untiled and 4-6 ms with 32×32 or 64×64 tiles).
    /// </summary>
    private static void TransposeTiled(float[] src, int srcStart, int srcStride, float[] dst, int dstStart, int dstStride, int rows, int cols)
    {
        const int Tile = 8;
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, rows);
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, cols);
                for (int j = j0; j < j1; j++)
                {
                    int to = dstStart + j * dstStride;
                    for (int i = i0; i < i1; i++) dst[to + i] = src[srcStart + i * srcStride + j];
                }
            }
        }
    }
}
