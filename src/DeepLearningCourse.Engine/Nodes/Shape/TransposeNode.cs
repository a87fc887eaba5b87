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
        var y = new float[x.Size];
        float[] src = x.Data;
        int dst = 0;
        for (int a = 0; a < before; a++)
        {
            for (int j = 0; j < nq; j++)
            {
                for (int b = 0; b < between; b++)
                {
                    for (int i = 0; i < np; i++)
                    {
                        int from = (((a * np + i) * between + b) * nq + j) * after;
                        Array.Copy(src, from, y, dst, after);
                        dst += after;
                    }
                }
            }
        }
        var outShape = (int[])shape.Clone();
        (outShape[p], outShape[q]) = (outShape[q], outShape[p]);
        return new Tensor(y, outShape);
    }
}
