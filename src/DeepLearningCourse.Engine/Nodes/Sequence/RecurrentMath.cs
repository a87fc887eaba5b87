using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The affine map every recurrent cell starts from, z = x · W_x + h · W_h + b, with its backward, plus the shape
/// checks that name the cell. Shared by <see cref="RecurrentProjectionNode"/>, <see cref="RnnCellNode"/> and
/// <see cref="GruCellNode"/>.
/// </summary>
internal static class RecurrentMath
{
    /// <summary>Checks x [B, in], h [B, H], W_x [in, G], W_h [H, G] and (when given) b [G]; returns (B, in, H, G).</summary>
    public static (int Batch, int In, int Hidden, int Gates) CheckShapes(Node node, Tensor x, Tensor h, Tensor wx, Tensor wh, Tensor? b, int gatesPerHidden)
    {
        NodeArgs.Rank(node, x, 2, "x", "[batch, inputSize]");
        NodeArgs.Rank(node, h, 2, "h", "[batch, hiddenSize]");
        int batch = x.Shape[0], input = x.Shape[1], hidden = h.Shape[1], gates = gatesPerHidden * hidden;
        if (h.Shape[0] != batch)
            throw new ShapeException($"{node.OpName}: x is {Tensor.ShapeText(x.Shape)} but h is {Tensor.ShapeText(h.Shape)}; both need the same batch size.");
        if (wx.Rank != 2 || wx.Shape[0] != input || wx.Shape[1] != gates)
            throw new ShapeException($"{node.OpName}: W_x is {Tensor.ShapeText(wx.Shape)} but x {Tensor.ShapeText(x.Shape)} and h {Tensor.ShapeText(h.Shape)} need [inputSize, {gatesPerHidden}·hidden] = [{input}, {gates}].");
        if (wh.Rank != 2 || wh.Shape[0] != hidden || wh.Shape[1] != gates)
            throw new ShapeException($"{node.OpName}: W_h is {Tensor.ShapeText(wh.Shape)} but h {Tensor.ShapeText(h.Shape)} needs [hidden, {gatesPerHidden}·hidden] = [{hidden}, {gates}].");
        if (b is not null && (b.Rank != 1 || b.Shape[0] != gates))
            throw new ShapeException($"{node.OpName}: bias is {Tensor.ShapeText(b.Shape)} but must be [{gatesPerHidden}·hidden] = [{gates}].");
        return (batch, input, hidden, gates);
    }

    /// <summary>z [B, G] = x [B, K] · W [K, G] (+ h [B, H] · W_h [H, G]) + b [G] (either part may be skipped with null).</summary>
    public static float[] Affine(Tensor x, Tensor wx, Tensor? h, Tensor? wh, Tensor? b, int batch, int gates)
    {
        var z = TensorMemory.Uninitialized(batch * gates);
        Gemm.Multiply(x.Data, wx.Data, z, batch, gates, x.Shape[1]);
        if (h is not null && wh is not null) Gemm.Multiply(h.Data, wh.Data, z, batch, gates, h.Shape[1], accumulate: true);
        if (b is not null)
        {
            for (int i = 0; i < batch; i++)
            {
                Span<float> row = z.AsSpan(i * gates, gates);
                TensorPrimitives.Add(row, b.Data, row);
            }
        }
        return z;
    }

    /// <summary>d(input) [B, K] = dz [B, G] · Wᵀ, where W is [K, G].</summary>
    public static Tensor InputGradient(float[] dz, Tensor w, int batch, Tensor like)
    {
        int k = w.Shape[0], g = w.Shape[1];
        var dx = TensorMemory.Uninitialized(batch * k);
        Gemm.Multiply(dz, w.Data, dx, batch, k, g, transposeB: true);
        return new Tensor(dx, like.Shape);
    }

    /// <summary>dW [K, G] = inputᵀ [K, B] · dz [B, G].</summary>
    public static Tensor WeightGradient(Tensor input, float[] dz, int batch, int gates)
    {
        int k = input.Shape[1];
        var dw = TensorMemory.Uninitialized(k * gates);
        Gemm.Multiply(input.Data, dz, dw, k, gates, batch, transposeA: true);
        return new Tensor(dw, k, gates);
    }

    /// <summary>db [G] = Σ over the batch of dz [B, G].</summary>
    public static Tensor BiasGradient(ReadOnlySpan<float> dz, int batch, int gates)
    {
        var db = TensorMemory.Zeroed(gates);
        for (int i = 0; i < batch; i++) TensorPrimitives.Add(db, dz.Slice(i * gates, gates), db);
        return new Tensor(db, gates);
    }

    /// <summary>
    /// dx [batch, steps, in] of a whole sequence from time-major gate gradients dGates [steps·batch, gates]
    /// (row t·batch + b): dGates · W_xᵀ (W_x is [input, gates]), then reordered to batch-major.
    /// </summary>
    public static Tensor SequenceInputGradient(ReadOnlySpan<float> dGates, ReadOnlySpan<float> wx, int batch, int steps, int input, int gates)
    {
        int rows = batch * steps;
        float[] dxt = Scratch.Rent(rows * input);
        Gemm.Multiply(dGates[..(rows * gates)], wx, dxt.AsSpan(0, rows * input), rows, input, gates, transposeB: true);
        var dx = SequenceLayout.ToBatchMajor(dxt, 0, batch, steps, input);
        Scratch.Return(dxt);
        return new Tensor(dx, batch, steps, input);
    }

    /// <summary>dW [k, gates] = Aᵀ · dGates over all time-major rows (A is [rows, k]: inputs or previous hidden states).</summary>
    public static Tensor SequenceWeightGradient(ReadOnlySpan<float> a, ReadOnlySpan<float> dGates, int rows, int k, int gates)
    {
        var dw = TensorMemory.Uninitialized(k * gates);
        Gemm.Multiply(a[..(rows * k)], dGates[..(rows * gates)], dw, k, gates, rows, transposeA: true);
        return new Tensor(dw, k, gates);
    }

    /// <summary>
    /// The weight gradient <see cref="SequenceWeightGradient"/> and the bias gradient <see cref="BiasGradient"/> of
    /// the same dGates, each only when asked for (null otherwise). With both, the bias is summed while the product
    /// packs dGates (<see cref="Gemm.MultiplySummingB"/>: the same sums, bit for bit, one pass fewer over dGates).
    /// </summary>
    public static (Tensor? Weight, Tensor? Bias) SequenceWeightAndBiasGradients(ReadOnlySpan<float> a, ReadOnlySpan<float> dGates,
        int rows, int k, int gates, bool weight, bool bias)
    {
        if (!weight) return (null, bias ? BiasGradient(dGates[..(rows * gates)], rows, gates) : null);
        if (!bias) return (SequenceWeightGradient(a, dGates, rows, k, gates), null);
        var dw = TensorMemory.Uninitialized(k * gates);
        var db = TensorMemory.Uninitialized(gates);
        Gemm.MultiplySummingB(a[..(rows * k)], dGates[..(rows * gates)], dw, k, gates, rows, db, transposeA: true);
        return (new Tensor(dw, k, gates), new Tensor(db, gates));
    }

    /// <summary>σ(v) for one value, as the gate loops use it.</summary>
    public static float Sigmoid(float v) => 1f / (1f + MathF.Exp(-v));
}
