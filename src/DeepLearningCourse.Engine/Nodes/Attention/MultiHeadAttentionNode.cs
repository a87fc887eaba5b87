namespace DeepLearningCourse.Engine;

/// <summary>
/// The heads of multi-head attention in one node: split into heads, scaled dot-product attention per head, merge.
/// Shapes: Q [B, Tq, heads·d], K [B, Tk, heads·d], V [B, Tk, heads·dv], optional padding mask [B, Tk]
/// (1 = attend, 0 = padding; shared by every head) → output [B, Tq, heads·dv], head h in features h·dv .. h·dv + dv − 1.
/// Attention weights: <see cref="Weights"/> [B, heads, Tq, Tk].
/// </summary>
/// <remarks>
/// The same result, bit for bit, as the readable composite <see cref="SplitHeadsNode"/> → <see cref="ScaledDotProductAttentionNode"/>
/// → <see cref="MergeHeadsNode"/> (tested), without its six full-size copies per step: each head's rows are
/// gathered into a small per-thread buffer that stays in cache, attended to (<see cref="AttentionItem"/>), and its
/// output rows written straight to their place among the features. Items (batch item, head) are split between the
/// engine's worker threads; each is computed the same way on any thread. Masks and the backward formulas are those of
/// <see cref="ScaledDotProductAttentionNode"/>.
/// </remarks>
public sealed class MultiHeadAttentionNode(int heads, bool causal = false) : Node
{
    private Tensor? _q, _k, _v;
    private int _inputCount;

    /// <summary>Number of heads.</summary>
    public int Heads { get; } = heads;

    /// <summary>True: query i attends only to keys 0..i.</summary>
    public bool Causal { get; } = causal;

    /// <summary>The attention weights [B, heads, Tq, Tk] of the last Forward.</summary>
    public Tensor? Weights { get; private set; }

    public override string OpName => $"MultiHeadAttention({Heads} heads{(Causal ? ", causal" : "")})";

    public override Tensor Forward(params Tensor[] inputs)
    {
        var (q, k, v, mask) = AttentionShapes.Inputs(this, inputs);
        var (batch, shapes) = CheckShapes(q, k, v, mask);
        var (tq, tk, d, dv, _) = shapes;
        var weights = TensorMemory.Uninitialized((long)batch * Heads * tq * tk);
        var output = TensorMemory.Uninitialized((long)batch * tq * Heads * dv);
        var state = (Shapes: shapes, Heads, Q: q.Data, K: k.Data, V: v.Data, Mask: mask?.Data, A: weights, O: output);
        ParallelRanges.RunItems(batch * Heads, shapes.Work, state, static (start, end, s) =>
        {
            var (tq, tk, d, dv, _) = s.Shapes;
            Span<float> scratch = AttentionItem.Scratch(tq * d + tk * d + tk * dv + tq * dv);
            Span<float> qi = scratch[..(tq * d)], ki = scratch.Slice(tq * d, tk * d), vi = scratch.Slice(tq * d + tk * d, tk * dv), oi = scratch[^(tq * dv)..];
            for (int item = start; item < end; item++)
            {
                int b = item / s.Heads, h = item % s.Heads;
                Gather(s.Q, b, h, tq, s.Heads, d, qi);
                Gather(s.K, b, h, tk, s.Heads, d, ki);
                Gather(s.V, b, h, tk, s.Heads, dv, vi);
                AttentionItem.Forward(s.Shapes, qi, ki, vi, s.Mask is null ? default : s.Mask.AsSpan(b * tk, tk), s.A.AsSpan(item * tq * tk, tq * tk), oi);
                Scatter(oi, b, h, tq, s.Heads, dv, s.O);
            }
        });
        (_q, _k, _v, _inputCount) = (q, k, v, inputs.Length);
        Weights = new Tensor(weights, batch, Heads, tq, tk);
        return new Tensor(output, batch, tq, Heads * dv);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor q = NodeArgs.Saved(this, _q), k = NodeArgs.Saved(this, _k), v = NodeArgs.Saved(this, _v);
        float[] a = NodeArgs.Saved(this, Weights).Data;
        int batch = q.Shape[0];
        var shapes = new AttentionItemShapes(q.Shape[1], k.Shape[1], q.Shape[2] / Heads, v.Shape[2] / Heads, Causal);
        float[] dq = TensorMemory.Uninitialized(q.Size), dk = TensorMemory.Uninitialized(k.Size), dvs = TensorMemory.Uninitialized(v.Size);
        var state = (Shapes: shapes, Heads, Q: q.Data, K: k.Data, V: v.Data, A: a, G: gradOutput.Data, DQ: dq, DK: dk, DV: dvs);
        ParallelRanges.RunItems(batch * Heads, shapes.Work, state, static (start, end, s) =>
        {
            var (tq, tk, d, dv, _) = s.Shapes;
            Span<float> scratch = AttentionItem.Scratch(2 * (tq * d + tk * d + tk * dv) + tq * dv + tq * tk);
            Span<float> qi = scratch[..(tq * d)], ki = scratch.Slice(tq * d, tk * d), vi = scratch.Slice(tq * d + tk * d, tk * dv);
            Span<float> rest = scratch[(tq * d + tk * d + tk * dv)..];
            Span<float> dqi = rest[..(tq * d)], dki = rest.Slice(tq * d, tk * d), dvi = rest.Slice(tq * d + tk * d, tk * dv);
            Span<float> gi = rest.Slice(tq * d + tk * d + tk * dv, tq * dv), scoreGradient = rest[^(tq * tk)..];
            for (int item = start; item < end; item++)
            {
                int b = item / s.Heads, h = item % s.Heads;
                Gather(s.Q, b, h, tq, s.Heads, d, qi);
                Gather(s.K, b, h, tk, s.Heads, d, ki);
                Gather(s.V, b, h, tk, s.Heads, dv, vi);
                Gather(s.G, b, h, tq, s.Heads, dv, gi);
                AttentionItem.Backward(s.Shapes, qi, ki, vi, s.A.AsSpan(item * tq * tk, tq * tk), gi, scoreGradient, dqi, dki, dvi);
                Scatter(dqi, b, h, tq, s.Heads, d, s.DQ);
                Scatter(dki, b, h, tk, s.Heads, d, s.DK);
                Scatter(dvi, b, h, tk, s.Heads, dv, s.DV);
            }
        });
        return AttentionItem.Gradients(_inputCount, new Tensor(dq, q.Shape), new Tensor(dk, k.Shape), new Tensor(dvs, v.Shape));
    }

    public override void ReleaseSavedState()
    {
        (_q, _k, _v) = (null, null, null);
        base.ReleaseSavedState();
    }

    /// <summary>Head h of batch item b of x [B, T, heads·width] into rows [T, width].</summary>
    private static void Gather(float[] x, int b, int h, int steps, int heads, int width, Span<float> rows)
    {
        for (int t = 0; t < steps; t++) x.AsSpan(((b * steps + t) * heads + h) * width, width).CopyTo(rows.Slice(t * width, width));
    }

    /// <summary>Rows [T, width] into head h of batch item b of x [B, T, heads·width].</summary>
    private static void Scatter(ReadOnlySpan<float> rows, int b, int h, int steps, int heads, int width, float[] x)
    {
        for (int t = 0; t < steps; t++) rows.Slice(t * width, width).CopyTo(x.AsSpan(((b * steps + t) * heads + h) * width, width));
    }

    private (int Batch, AttentionItemShapes Shapes) CheckShapes(Tensor q, Tensor k, Tensor v, Tensor? mask)
    {
        if (Heads <= 0) throw new ArgumentException($"{OpName}: the number of heads must be positive.");
        if (q.Rank != 3 || k.Rank != 3 || v.Rank != 3)
            throw new ShapeException($"{OpName}: Q is {Tensor.ShapeText(q.Shape)}, K is {Tensor.ShapeText(k.Shape)}, V is {Tensor.ShapeText(v.Shape)}; each must have rank 3: Q [batch, Tq, heads·d], K [batch, Tk, heads·d], V [batch, Tk, heads·dv].");
        int batch = q.Shape[0], tq = q.Shape[1], tk = k.Shape[1];
        if (q.Shape[2] % Heads != 0 || v.Shape[2] % Heads != 0 || q.Shape[2] == 0)
            throw new ShapeException($"{OpName}: Q is {Tensor.ShapeText(q.Shape)} and V is {Tensor.ShapeText(v.Shape)}; their feature axes must be positive multiples of the {Heads} heads.");
        if (k.Shape[0] != batch || k.Shape[2] != q.Shape[2])
            throw new ShapeException($"{OpName}: Q is {Tensor.ShapeText(q.Shape)} but K is {Tensor.ShapeText(k.Shape)}; K must be [batch, Tk, heads·d] = [{batch}, Tk, {q.Shape[2]}] (same batch and key size as Q).");
        if (v.Shape[0] != batch || v.Shape[1] != tk)
            throw new ShapeException($"{OpName}: K is {Tensor.ShapeText(k.Shape)} but V is {Tensor.ShapeText(v.Shape)}; V must be [batch, Tk, heads·dv] = [{batch}, {tk}, heads·dv] (one value per key).");
        AttentionShapes.CheckPaddingMask(this, mask, batch, tk, k, "K");
        return (batch, new AttentionItemShapes(tq, tk, q.Shape[2] / Heads, v.Shape[2] / Heads, Causal));
    }
}
