using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The sizes of one attention item (one batch item, or one head of one batch item): Q [Tq, d], K [Tk, d],
/// V [Tk, dv], with or without the causal mask.
/// </summary>
internal readonly record struct AttentionItemShapes(int Tq, int Tk, int D, int Dv, bool Causal)
{
    /// <summary>Multiply-adds of the item's two forward products (its cost, for deciding whether to split a batch between threads).</summary>
    public long Work => (long)Tq * Tk * (D + Dv);
}

/// <summary>
/// Scaled dot-product attention on one item, on contiguous row-major spans: the arithmetic that
/// <see cref="ScaledDotProductAttentionNode"/> runs per batch item and <see cref="MultiHeadAttentionNode"/> per head
/// (formulas in <see cref="ScaledDotProductAttentionNode"/>). Items are independent and each is computed the same way
/// on any thread, so a node may split its items between threads without changing a bit.
/// </summary>
internal static class AttentionItem
{
    [ThreadStatic] private static float[]? t_scratch;

    /// <summary>A = masked softmax(Q · Kᵀ / √d) [Tq, Tk], O = A · V [Tq, dv]; an empty mask means every key counts.</summary>
    public static void Forward(AttentionItemShapes shapes, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> mask,
        Span<float> weights, Span<float> output)
    {
        var (tq, tk, d, dv, causal) = shapes;
        float scale = 1f / MathF.Sqrt(d);
        Gemm.Multiply(q, k, weights, tq, tk, d, transposeB: true);
        for (int i = 0; i < tq; i++)
        {
            ScaledDotProductAttentionNode.MaskedSoftmax(weights.Slice(i * tk, tk), scale, mask, causal ? Math.Min(i + 1, tk) : tk);
        }
        Gemm.Multiply(weights, v, output, tq, dv, tk);
    }

    /// <summary>
    /// dV = Aᵀ · dO, dS = A ⊙ (dO · Vᵀ − rowsum) / √d, dQ = dS · K, dK = dSᵀ · Q, from the saved A [Tq, Tk] and dO [Tq, dv];
    /// dS lives in <paramref name="scoreGradient"/> [Tq, Tk].
    /// </summary>
    public static void Backward(AttentionItemShapes shapes, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> gradOutput, Span<float> scoreGradient, Span<float> dq, Span<float> dk, Span<float> dv)
    {
        var (tq, tk, d, dvSize, _) = shapes;
        float scale = 1f / MathF.Sqrt(d);
        Gemm.Multiply(weights, gradOutput, dv, tk, dvSize, tq, transposeA: true);
        Gemm.Multiply(gradOutput, v, scoreGradient, tq, tk, dvSize, transposeB: true);
        for (int i = 0; i < tq; i++)
        {
            ReadOnlySpan<float> ai = weights.Slice(i * tk, tk);
            Span<float> di = scoreGradient.Slice(i * tk, tk);
            SoftmaxBackwardRow(ai, di, scale);
        }
        Gemm.Multiply(scoreGradient, k, dq, tq, d, tk);
        Gemm.Multiply(scoreGradient, q, dk, tk, d, tq, transposeA: true);
    }

    /// <summary>
    /// In place: dA ← A ⊙ (dA − Σ_j A ⊙ dA) · scale over one row (softmax backward, then the score scale), sixteen
    /// values at a time; the same operations in the same order for every element, so the vector and scalar parts agree
    /// bit for bit with the one-element-at-a-time loop.
    /// </summary>
    internal static void SoftmaxBackwardRow(ReadOnlySpan<float> weights, Span<float> gradient, float scale)
    {
        float dot = TensorPrimitives.Dot(weights, gradient);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var dotVector = Vector512.Create(dot);
            var scaleVector = Vector512.Create(scale);
            for (; j <= gradient.Length - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                (Vector512.Create(weights.Slice(j)) * (Vector512.Create((ReadOnlySpan<float>)gradient.Slice(j)) - dotVector) * scaleVector).CopyTo(gradient.Slice(j));
            }
        }
        for (; j < gradient.Length; j++) gradient[j] = weights[j] * (gradient[j] - dot) * scale;
    }

    /// <summary>A node's gradients [dQ, dK, dV] and, with a padding mask as fourth input, null for the mask.</summary>
    public static Tensor?[] Gradients(int inputCount, Tensor dq, Tensor dk, Tensor dv) => inputCount == 4 ? [dq, dk, dv, null] : [dq, dk, dv];

    /// <summary>
    /// The calling thread's working buffer of at least <paramref name="length"/> floats, reused from call to call (no
    /// allocation in the hot loop); its values are left over from earlier use.
    /// </summary>
    public static Span<float> Scratch(int length)
    {
        if (t_scratch is null || t_scratch.Length < length) t_scratch = new float[length];
        return t_scratch.AsSpan(0, length);
    }
}
