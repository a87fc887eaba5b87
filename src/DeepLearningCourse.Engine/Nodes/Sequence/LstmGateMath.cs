using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The element-wise part of one LSTM step for one batch row and a range of hidden units [start, end), in one pass
/// (the fused sequence node runs it right after each core's share of the recurrent product, on data still in cache).
/// Rows are gate-major: z = [i | f | g | o], each <c>hidden</c> wide. SIMD where the hardware has it, the same formulas
/// element by element for the rest; <see cref="LSTMCell"/>'s composite step is the readable reference they are tested
/// against.
/// </summary>
internal static class LstmGateMath
{
    /// <summary>
    /// Forward: z (pre-activations without the bias) is replaced by the activations σ(i), σ(f), tanh(g), σ(o) of
    /// z + bias; then c = f ⊙ c_prev + i ⊙ g, tanhC = tanh(c), h = o ⊙ tanhC. All state spans are [hidden].
    /// </summary>
    public static void Forward(Span<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<float> cPrev, Span<float> c,
        Span<float> tanhC, Span<float> h, int start, int end)
    {
        int hidden = c.Length;
        CheckRow(z.Length, bias.Length, hidden, start, end, cPrev.Length, tanhC.Length, h.Length);
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float cp = ref MemoryMarshal.GetReference(cPrev);
        ref float cr = ref MemoryMarshal.GetReference(c);
        ref float tr = ref MemoryMarshal.GetReference(tanhC);
        ref float hr = ref MemoryMarshal.GetReference(h);
        nuint f0 = (nuint)hidden, g0 = 2 * f0, o0 = 3 * f0;
        int j = start;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= end - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint u = (nuint)j;
                var i = Sigmoid(Vector512.LoadUnsafe(ref zr, u) + Vector512.LoadUnsafe(ref br, u));
                var f = Sigmoid(Vector512.LoadUnsafe(ref zr, f0 + u) + Vector512.LoadUnsafe(ref br, f0 + u));
                var g = Tanh(Vector512.LoadUnsafe(ref zr, g0 + u) + Vector512.LoadUnsafe(ref br, g0 + u));
                var o = Sigmoid(Vector512.LoadUnsafe(ref zr, o0 + u) + Vector512.LoadUnsafe(ref br, o0 + u));
                var cNew = Vector512.FusedMultiplyAdd(f, Vector512.LoadUnsafe(ref cp, u), i * g);
                var tc = Tanh(cNew);
                i.StoreUnsafe(ref zr, u);
                f.StoreUnsafe(ref zr, f0 + u);
                g.StoreUnsafe(ref zr, g0 + u);
                o.StoreUnsafe(ref zr, o0 + u);
                cNew.StoreUnsafe(ref cr, u);
                tc.StoreUnsafe(ref tr, u);
                (o * tc).StoreUnsafe(ref hr, u);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= end - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint u = (nuint)j;
                var i = Sigmoid(Vector256.LoadUnsafe(ref zr, u) + Vector256.LoadUnsafe(ref br, u));
                var f = Sigmoid(Vector256.LoadUnsafe(ref zr, f0 + u) + Vector256.LoadUnsafe(ref br, f0 + u));
                var g = Tanh(Vector256.LoadUnsafe(ref zr, g0 + u) + Vector256.LoadUnsafe(ref br, g0 + u));
                var o = Sigmoid(Vector256.LoadUnsafe(ref zr, o0 + u) + Vector256.LoadUnsafe(ref br, o0 + u));
                var cNew = Vector256.FusedMultiplyAdd(f, Vector256.LoadUnsafe(ref cp, u), i * g);
                var tc = Tanh(cNew);
                i.StoreUnsafe(ref zr, u);
                f.StoreUnsafe(ref zr, f0 + u);
                g.StoreUnsafe(ref zr, g0 + u);
                o.StoreUnsafe(ref zr, o0 + u);
                cNew.StoreUnsafe(ref cr, u);
                tc.StoreUnsafe(ref tr, u);
                (o * tc).StoreUnsafe(ref hr, u);
            }
        }
        for (; j < end; j++)
        {
            float i = RecurrentMath.Sigmoid(z[j] + bias[j]);
            float f = RecurrentMath.Sigmoid(z[hidden + j] + bias[hidden + j]);
            float g = MathF.Tanh(z[2 * hidden + j] + bias[2 * hidden + j]);
            float o = RecurrentMath.Sigmoid(z[3 * hidden + j] + bias[3 * hidden + j]);
            (z[j], z[hidden + j], z[2 * hidden + j], z[3 * hidden + j]) = (i, f, g, o);
            c[j] = MathF.FusedMultiplyAdd(f, cPrev[j], i * g);
            tanhC[j] = MathF.Tanh(c[j]);
            h[j] = o * tanhC[j];
        }
    }

    /// <summary>
    /// Backward: from the activations [i | f | g | o], tanh(c_t), c_{t-1} and dL/dh_t, with <paramref name="dc"/>
    /// holding the cell gradient from step t+1 (replaced by dL/dc_{t-1}), writes dz_t = dL/d(pre-activations).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> gates, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> dh, Span<float> dc, Span<float> dz, int start, int end)
    {
        int hidden = dh.Length;
        CheckRow(gates.Length, dz.Length, hidden, start, end, tanhC.Length, cPrev.Length, dc.Length);
        int j = start, width = Vector<float>.Count;
        var one = Vector<float>.One;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= end - width; j += width)
            {
                var i = new Vector<float>(gates[j..]);
                var f = new Vector<float>(gates[(hidden + j)..]);
                var g = new Vector<float>(gates[(2 * hidden + j)..]);
                var o = new Vector<float>(gates[(3 * hidden + j)..]);
                var tc = new Vector<float>(tanhC[j..]);
                var dhj = new Vector<float>(dh[j..]);
                var dcj = new Vector<float>(dc[j..]) + dhj * o * (one - tc * tc);
                (dcj * g * i * (one - i)).CopyTo(dz[j..]);
                (dcj * new Vector<float>(cPrev[j..]) * f * (one - f)).CopyTo(dz[(hidden + j)..]);
                (dcj * i * (one - g * g)).CopyTo(dz[(2 * hidden + j)..]);
                (dhj * tc * o * (one - o)).CopyTo(dz[(3 * hidden + j)..]);
                (dcj * f).CopyTo(dc[j..]);
            }
        }
        for (; j < end; j++)
        {
            float i = gates[j], f = gates[hidden + j], g = gates[2 * hidden + j], o = gates[3 * hidden + j], tc = tanhC[j], dhj = dh[j];
            float dcj = dc[j] + dhj * o * (1f - tc * tc);
            dz[j] = dcj * g * i * (1f - i);
            dz[hidden + j] = dcj * cPrev[j] * f * (1f - f);
            dz[2 * hidden + j] = dcj * i * (1f - g * g);
            dz[3 * hidden + j] = dhj * tc * o * (1f - o);
            dc[j] = dcj * f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sigmoid(Vector512<float> v) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-v));

    /// <summary>tanh v = 1 − 2 / (e^{2v} + 1): exact limits ±1 where e^{2v} overflows or underflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Tanh(Vector512<float> v) =>
        Vector512<float>.One - Vector512.Create(2f) / (Vector512.Exp(v + v) + Vector512<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sigmoid(Vector256<float> v) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tanh(Vector256<float> v) =>
        Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(v + v) + Vector256<float>.One);

    private static void CheckRow(int gatesLength, int otherGatesLength, int hidden, int start, int end, int a, int b, int c)
    {
        if (gatesLength != 4 * hidden || otherGatesLength != 4 * hidden || a != hidden || b != hidden || c != hidden || start < 0 || end > hidden || start > end)
            throw new ArgumentException($"LstmGateMath: gate rows must be 4·hidden = {4 * hidden} (got {gatesLength} and {otherGatesLength}), state rows {hidden} (got {a}, {b}, {c}), units [{start}, {end}) inside [0, {hidden}).");
    }
}
