using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Scaled dot-product attention (Vaswani et al. 2017): softmax(Q · Kᵀ / √d + M) · V, fused in one node.
/// Shapes: Q [B, Tq, d], K [B, Tk, d], V [B, Tk, dv], optional padding mask [B, Tk] (1 = attend, 0 = padding)
/// → output [B, Tq, dv]. Attention weights A [B, Tq, Tk] stay in <see cref="Weights"/> for heatmaps.
/// Masks: a padded key j, and with <c>causal</c> every key j &gt; i (the future of query i, PyTorch's
/// <c>is_causal</c> alignment: top-left, so with Tq &gt; Tk the queries i ≥ Tk see every key), gets −∞ before the
/// softmax, so its weight is exactly 0. A query with every key
/// masked gets all-zero weights and a zero output (PyTorch would give NaN).
/// Backward: dV = Aᵀ · dO; dA = dO · Vᵀ; dS = A ⊙ (dA − Σ_j A ⊙ dA) (softmax backward, row-wise);
/// dQ = dS · K / √d; dK = dSᵀ · Q / √d; the mask gets no gradient.
/// </summary>
public sealed class ScaledDotProductAttentionNode(bool causal = false) : Node
{
    private Tensor? _q, _k, _v;
    private int _inputCount;

    /// <summary>True: query i attends only to keys 0..i.</summary>
    public bool Causal { get; } = causal;

    /// <summary>The attention weights A [B, Tq, Tk] of the last Forward (rows sum to 1 over unmasked keys).</summary>
    public Tensor? Weights { get; private set; }

    public override string OpName => Causal ? "ScaledDotProductAttention(causal)" : "ScaledDotProductAttention";

    public override Tensor Forward(params Tensor[] inputs)
    {
        var (q, k, v, mask) = AttentionShapes.Inputs(this, inputs);
        var (batch, tq, tk, d, dv) = CheckShapes(q, k, v, mask);
        var weights = TensorMemory.Uninitialized(batch * tq * tk);
        var output = TensorMemory.Uninitialized(batch * tq * dv);
        var shapes = new AttentionItemShapes(tq, tk, d, dv, Causal);
        ParallelRanges.RunItems(batch, shapes.Work, (Shapes: shapes, Q: q.Data, K: k.Data, V: v.Data, Mask: mask?.Data, A: weights, O: output), static (start, end, s) =>
        {
            var (tq, tk, d, dv, _) = s.Shapes;
            for (int b = start; b < end; b++)
            {
                AttentionItem.Forward(s.Shapes, s.Q.AsSpan(b * tq * d, tq * d), s.K.AsSpan(b * tk * d, tk * d), s.V.AsSpan(b * tk * dv, tk * dv),
                    s.Mask is null ? default : s.Mask.AsSpan(b * tk, tk), s.A.AsSpan(b * tq * tk, tq * tk), s.O.AsSpan(b * tq * dv, tq * dv));
            }
        });
        (_q, _k, _v, _inputCount) = (q, k, v, inputs.Length);
        Weights = new Tensor(weights, batch, tq, tk);
        return new Tensor(output, batch, tq, dv);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor q = NodeArgs.Saved(this, _q), k = NodeArgs.Saved(this, _k), v = NodeArgs.Saved(this, _v);
        float[] a = NodeArgs.Saved(this, Weights).Data;
        int batch = q.Shape[0], tq = q.Shape[1], d = q.Shape[2], tk = k.Shape[1], dv = v.Shape[2];
        float[] dq = TensorMemory.Uninitialized(q.Size), dk = TensorMemory.Uninitialized(k.Size), dvs = TensorMemory.Uninitialized(v.Size);
        var shapes = new AttentionItemShapes(tq, tk, d, dv, Causal);
        ParallelRanges.RunItems(batch, shapes.Work, (Shapes: shapes, Q: q.Data, K: k.Data, V: v.Data, A: a, G: gradOutput.Data, DQ: dq, DK: dk, DV: dvs), static (start, end, s) =>
        {
            var (tq, tk, d, dv, _) = s.Shapes;
            Span<float> scoreGradient = AttentionItem.Scratch(tq * tk);
            for (int b = start; b < end; b++)
            {
                AttentionItem.Backward(s.Shapes, s.Q.AsSpan(b * tq * d, tq * d), s.K.AsSpan(b * tk * d, tk * d), s.V.AsSpan(b * tk * dv, tk * dv),
                    s.A.AsSpan(b * tq * tk, tq * tk), s.G.AsSpan(b * tq * dv, tq * dv), scoreGradient,
                    s.DQ.AsSpan(b * tq * d, tq * d), s.DK.AsSpan(b * tk * d, tk * d), s.DV.AsSpan(b * tk * dv, tk * dv));
            }
        });
        return AttentionItem.Gradients(_inputCount, new Tensor(dq, q.Shape), new Tensor(dk, k.Shape), new Tensor(dvs, v.Shape));
    }

    public override void ReleaseSavedState()
    {
        (_q, _k, _v) = (null, null, null);
        base.ReleaseSavedState();
    }

    /// <summary>
    /// In place: row ← softmax(scale · row) over the keys j &lt; <paramref name="visible"/> whose mask is non-zero;
    /// every other entry becomes 0 (the weight of a −∞ score). A row with nothing visible becomes all zeros.
    /// </summary>
    internal static void MaskedSoftmax(Span<float> row, float scale, ReadOnlySpan<float> mask, int visible)
    {
        if (mask.IsEmpty && visible > 0 && scale > 0)
        {
            // Keys 0..visible−1 all count: the vectorised path.
            Span<float> seen = row[..visible];
            if (Vector512.IsHardwareAccelerated)
            {
                FusedSoftmax(seen, scale);
            }
            else
            {
                TensorPrimitives.Multiply(seen, scale, seen);
                TensorPrimitives.Subtract(seen, TensorPrimitives.Max(seen), seen);
                VectorMath.Exp(seen, seen);
                TensorPrimitives.Divide(seen, TensorPrimitives.Sum(seen), seen);
            }
            row[visible..].Clear();
            return;
        }
        ReferenceMaskedSoftmax(row, scale, mask, visible);
    }

    /// <summary>
    /// In place: row ← softmax(scale · row) with scale &gt; 0, sixteen values at a time in two passes over the row
    /// (the largest score, then exponentials and their sum together, then the division) instead of five; it equals
    /// the reference up to the rounding of the vectorized exponential.
    /// </summary>
    internal static void FusedSoftmax(Span<float> row, float scale)
    {
        float max = TensorPrimitives.Max(row) * scale; // scale > 0: the largest scaled score
        var scaleVector = Vector512.Create(scale);
        var maxVector = Vector512.Create(max);
        var sumVector = Vector512<float>.Zero;
        int i = 0;
        for (; i <= row.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            var e = Vector512.Exp(Vector512.Create(row.Slice(i)) * scaleVector - maxVector);
            e.CopyTo(row.Slice(i));
            sumVector += e;
        }
        float sum = Vector512.Sum(sumVector);
        for (int j = i; j < row.Length; j++)
        {
            float e = MathF.Exp(row[j] * scale - max);
            row[j] = e;
            sum += e;
        }
        var sumRepeated = Vector512.Create(sum);
        for (i = 0; i <= row.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            (Vector512.Create(row.Slice(i)) / sumRepeated).CopyTo(row.Slice(i));
        }
        for (; i < row.Length; i++) row[i] /= sum;
    }

    /// <summary>The readable reference of <see cref="MaskedSoftmax"/>, one key at a time (also the path for masked rows).</summary>
    internal static void ReferenceMaskedSoftmax(Span<float> row, float scale, ReadOnlySpan<float> mask, int visible)
    {
        float max = float.NegativeInfinity;
        for (int j = 0; j < visible; j++)
        {
            if (mask.IsEmpty || mask[j] != 0) max = MathF.Max(max, row[j] * scale);
        }
        if (float.IsNegativeInfinity(max))
        {
            row.Clear();
            return;
        }
        float sum = 0;
        for (int j = 0; j < row.Length; j++)
        {
            bool keep = j < visible && (mask.IsEmpty || mask[j] != 0);
            float e = keep ? MathF.Exp(row[j] * scale - max) : 0f;
            row[j] = e;
            sum += e;
        }
        TensorPrimitives.Divide(row, sum, row);
    }

    private (int Batch, int Tq, int Tk, int D, int Dv) CheckShapes(Tensor q, Tensor k, Tensor v, Tensor? mask)
    {
        if (q.Rank != 3 || k.Rank != 3 || v.Rank != 3)
            throw new ShapeException($"{OpName}: Q is {Tensor.ShapeText(q.Shape)}, K is {Tensor.ShapeText(k.Shape)}, V is {Tensor.ShapeText(v.Shape)}; each must have rank 3: Q [batch, Tq, d], K [batch, Tk, d], V [batch, Tk, dv].");
        int batch = q.Shape[0], tq = q.Shape[1], d = q.Shape[2], tk = k.Shape[1], dv = v.Shape[2];
        if (k.Shape[0] != batch || k.Shape[2] != d)
            throw new ShapeException($"{OpName}: Q is {Tensor.ShapeText(q.Shape)} but K is {Tensor.ShapeText(k.Shape)}; K must be [batch, Tk, d] = [{batch}, Tk, {d}] (same batch and key size as Q).");
        if (v.Shape[0] != batch || v.Shape[1] != tk)
            throw new ShapeException($"{OpName}: K is {Tensor.ShapeText(k.Shape)} but V is {Tensor.ShapeText(v.Shape)}; V must be [batch, Tk, dv] = [{batch}, {tk}, dv] (one value per key).");
        if (d == 0)
            throw new ShapeException($"{OpName}: Q is {Tensor.ShapeText(q.Shape)}; the key size d must be at least 1.");
        if (mask is not null && (mask.Rank != 2 || mask.Shape[0] != batch || mask.Shape[1] != tk))
            throw new ShapeException($"{OpName}: the padding mask is {Tensor.ShapeText(mask.Shape)} but K is {Tensor.ShapeText(k.Shape)}; the mask must be [batch, Tk] = [{batch}, {tk}] (1 = attend, 0 = padding).");
        return (batch, tq, tk, d, dv);
    }
}
