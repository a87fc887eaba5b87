using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The element-wise part of one LSTM step for one batch row (gate order i, f, g, o; rows are [i | f | g | o], each
/// <c>hidden</c> wide), as the fused sequence node runs it right after each slice's recurrent product.
/// <see cref="Forward"/> is the fast single pass, <see cref="ForwardReference"/> the same formulas written with one
/// library call each; <see cref="Backward"/> is the chain rule through them.
/// </summary>
internal static class LstmGateMath
{
    /// <summary>
    /// One batch row of the gate forward in a single pass over the hidden units (each z value is read once and every
    /// result written once, while the row is still in L1): z + bias = [i | f | g | o] pre-activations (z and the bias
    /// [4·hidden]; z is replaced by σ(i), σ(f), tanh(g), σ(o)); then c_t = f ⊙ c_{t-1} + i ⊙ g, tanh(c_t) and
    /// h_t = o ⊙ tanh(c_t). All state spans are [hidden]. Equal to <see cref="ForwardReference"/> up to float rounding
    /// (tested).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h)
    {
        int hidden = c.Length;
        if (z.Length != 4 * hidden || bias.Length != 4 * hidden || cPrev.Length != hidden || tanhC.Length != hidden || h.Length != hidden)
            throw new ArgumentException($"LstmGateMath.Forward: z and the bias have {z.Length} and {bias.Length} values (need 4·hidden = {4 * hidden}); c_prev, tanh(c), h have {cPrev.Length}, {tanhC.Length}, {h.Length} (need {hidden}).");
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float cp = ref MemoryMarshal.GetReference(cPrev);
        ref float cr = ref MemoryMarshal.GetReference(c);
        ref float tr = ref MemoryMarshal.GetReference(tanhC);
        ref float hr = ref MemoryMarshal.GetReference(h);
        nuint f0 = (nuint)hidden, g0 = 2 * f0, o0 = 3 * f0;
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= hidden - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint u = (nuint)j;
                var i = Sigmoid(Vector512.LoadUnsafe(ref zr, u) + Vector512.LoadUnsafe(ref br, u));
                var f = Sigmoid(Vector512.LoadUnsafe(ref zr, f0 + u) + Vector512.LoadUnsafe(ref br, f0 + u));
                var g = Tanh(Vector512.LoadUnsafe(ref zr, g0 + u) + Vector512.LoadUnsafe(ref br, g0 + u));
                var o = Sigmoid(Vector512.LoadUnsafe(ref zr, o0 + u) + Vector512.LoadUnsafe(ref br, o0 + u));
                var cNew = f * Vector512.LoadUnsafe(ref cp, u) + i * g;
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
        for (; j < hidden; j++)
        {
            float i = RecurrentMath.Sigmoid(z[j] + bias[j]), f = RecurrentMath.Sigmoid(z[hidden + j] + bias[hidden + j]);
            float g = MathF.Tanh(z[2 * hidden + j] + bias[2 * hidden + j]), o = RecurrentMath.Sigmoid(z[3 * hidden + j] + bias[3 * hidden + j]);
            (z[j], z[hidden + j], z[2 * hidden + j], z[3 * hidden + j]) = (i, f, g, o);
            c[j] = f * cPrev[j] + i * g;
            tanhC[j] = MathF.Tanh(c[j]);
            h[j] = o * tanhC[j];
        }
    }

    /// <summary>
    /// tanh of each value, with exactly the arithmetic <see cref="Forward"/> uses for tanh(c_t), so Backward can form
    /// tanh(c_t) again instead of keeping it (the same bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh(ReadOnlySpan<float> values, Span<float> result)
    {
        if (result.Length != values.Length)
            throw new ArgumentException($"LstmGateMath.Tanh: {values.Length} values but room for {result.Length} results.");
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float vr = ref MemoryMarshal.GetReference(values);
            ref float rr = ref MemoryMarshal.GetReference(result);
            for (; j <= values.Length - Vector512<float>.Count; j += Vector512<float>.Count)
                Tanh(Vector512.LoadUnsafe(ref vr, (nuint)j)).StoreUnsafe(ref rr, (nuint)j);
        }
        for (; j < values.Length; j++) result[j] = MathF.Tanh(values[j]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sigmoid(Vector512<float> v) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-v));

    /// <summary>tanh v = 1 − 2 / (e^{2v} + 1): exact limits ±1 where e^{2v} overflows or underflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Tanh(Vector512<float> v) =>
        Vector512<float>.One - Vector512.Create(2f) / (Vector512.Exp(v + v) + Vector512<float>.One);

    /// <summary>
    /// The readable reference of <see cref="Forward"/>, one library call per formula: z + bias = [i | f | g | o]
    /// pre-activations (z replaced by σ(i), σ(f), tanh(g), σ(o)), then c_t = f ⊙ c_{t-1} + i ⊙ g, tanh(c_t) and
    /// h_t = o ⊙ tanh(c_t).
    /// </summary>
    public static void ForwardReference(Span<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h)
    {
        int hidden = c.Length;
        TensorPrimitives.Add(z, bias, z);
        VectorMath.Sigmoid(z[..(2 * hidden)], z[..(2 * hidden)]);
        VectorMath.Tanh(z.Slice(2 * hidden, hidden), z.Slice(2 * hidden, hidden));
        VectorMath.Sigmoid(z.Slice(3 * hidden, hidden), z.Slice(3 * hidden, hidden));
        ReadOnlySpan<float> i = z[..hidden], f = z.Slice(hidden, hidden), g = z.Slice(2 * hidden, hidden), o = z.Slice(3 * hidden, hidden);
        TensorPrimitives.Multiply(f, cPrev, c);
        TensorPrimitives.MultiplyAdd(i, g, c, c);
        VectorMath.Tanh(c, tanhC);
        TensorPrimitives.Multiply(o, tanhC, h);
    }

    /// <summary>
    /// One batch row of the gate backward: from the activations [i | f | g | o], tanh(c_t), c_{t-1}, dL/dh_t and the
    /// cell gradient flowing back from step t+1 (<paramref name="dc"/>, replaced by dL/dc_{t-1}), writes dz_t.
    /// Sixteen units at a time with AVX-512 (else Vector&lt;float&gt; width), then one at a time: the same expression
    /// per unit each way, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> gates, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> dh, Span<float> dc, Span<float> dz)
    {
        int hidden = dh.Length, j = 0;
        ReadOnlySpan<float> gi = gates[..hidden], gf = gates.Slice(hidden, hidden), gg = gates.Slice(2 * hidden, hidden), go = gates.Slice(3 * hidden, hidden);
        Span<float> di = dz[..hidden], df = dz.Slice(hidden, hidden), dg = dz.Slice(2 * hidden, hidden), dout = dz.Slice(3 * hidden, hidden);
        if (tanhC.Length < hidden || cPrev.Length < hidden || dc.Length < hidden)
            throw new ArgumentException($"LstmGateMath.Backward: dL/dh has {hidden} values; tanh(c), c_prev and dc need as many (have {tanhC.Length}, {cPrev.Length}, {dc.Length}).");
        if (Vector512.IsHardwareAccelerated)
        {
            ref float gr = ref MemoryMarshal.GetReference(gates), tr = ref MemoryMarshal.GetReference(tanhC), cr = ref MemoryMarshal.GetReference(cPrev);
            ref float hr = ref MemoryMarshal.GetReference(dh), dcr = ref MemoryMarshal.GetReference(dc), zr = ref MemoryMarshal.GetReference(dz);
            nuint f0 = (nuint)hidden, g0 = 2 * f0, o0 = 3 * f0;
            var one512 = Vector512<float>.One;
            for (; j <= hidden - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint u = (nuint)j;
                var i = Vector512.LoadUnsafe(ref gr, u);
                var f = Vector512.LoadUnsafe(ref gr, f0 + u);
                var g = Vector512.LoadUnsafe(ref gr, g0 + u);
                var o = Vector512.LoadUnsafe(ref gr, o0 + u);
                var tc = Vector512.LoadUnsafe(ref tr, u);
                var dhj = Vector512.LoadUnsafe(ref hr, u);
                var dcj = Vector512.LoadUnsafe(ref dcr, u) + dhj * o * (one512 - tc * tc);
                (dcj * g * i * (one512 - i)).StoreUnsafe(ref zr, u);
                (dcj * Vector512.LoadUnsafe(ref cr, u) * f * (one512 - f)).StoreUnsafe(ref zr, f0 + u);
                (dcj * i * (one512 - g * g)).StoreUnsafe(ref zr, g0 + u);
                (dhj * tc * o * (one512 - o)).StoreUnsafe(ref zr, o0 + u);
                (dcj * f).StoreUnsafe(ref dcr, u);
            }
        }
        int width = Vector<float>.Count;
        var one = Vector<float>.One;
        for (; j <= hidden - width; j += width)
        {
            var i = new Vector<float>(gi[j..]);
            var f = new Vector<float>(gf[j..]);
            var g = new Vector<float>(gg[j..]);
            var o = new Vector<float>(go[j..]);
            var tc = new Vector<float>(tanhC[j..]);
            var dhj = new Vector<float>(dh[j..]);
            var dcj = new Vector<float>(dc[j..]) + dhj * o * (one - tc * tc);
            (dcj * g * i * (one - i)).CopyTo(di[j..]);
            (dcj * new Vector<float>(cPrev[j..]) * f * (one - f)).CopyTo(df[j..]);
            (dcj * i * (one - g * g)).CopyTo(dg[j..]);
            (dhj * tc * o * (one - o)).CopyTo(dout[j..]);
            (dcj * f).CopyTo(dc[j..]);
        }
        for (; j < hidden; j++)
        {
            float i = gi[j], f = gf[j], g = gg[j], o = go[j], tc = tanhC[j], dhj = dh[j];
            float dcj = dc[j] + dhj * o * (1f - tc * tc);
            di[j] = dcj * g * i * (1f - i);
            df[j] = dcj * cPrev[j] * f * (1f - f);
            dg[j] = dcj * i * (1f - g * g);
            dout[j] = dhj * tc * o * (1f - o);
            dc[j] = dcj * f;
        }
    }
}
