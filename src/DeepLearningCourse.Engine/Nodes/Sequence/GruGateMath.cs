using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The element-wise parts of a fused GRU step (<see cref="GruRecurrence"/>), sixteen hidden units at a time. Forward:
/// the pre-activations of the gates and the candidate and the new hidden state, around the library's σ and tanh (which
/// the sweep applies to a whole slice's rows at once). Backward: from r, z, n, hn = (h_{t-1}·W_h + b_h) of the n block,
/// h_{t-1} and dL/dh_t, the gradients of the input-side and hidden-side pre-activations. Each keeps the roundings of
/// the per-row library calls it replaced (the products and sums in the same order), so the bits are the same
/// (<see cref="BackwardReference"/> is the backward one unit at a time; tested).
/// </summary>
internal static class GruGateMath
{
    /// <summary>
    /// One row's forward pre-activations, with the same roundings as adding the hidden bias to the hidden-side
    /// projection and then the input side: r_pre = x_r + (h_r + b_r), z_pre likewise (written to
    /// <paramref name="reset"/> and <paramref name="update"/>, which σ then replaces), and hn = h_n + b_n. The
    /// projections and the bias are [3·hidden] = [r | z | n]; the outputs [hidden].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PreActivations(ReadOnlySpan<float> inputProjection, ReadOnlySpan<float> hiddenProjection, ReadOnlySpan<float> hiddenBias,
        Span<float> reset, Span<float> update, Span<float> hn)
    {
        int hidden = reset.Length;
        if (inputProjection.Length != 3 * hidden || hiddenProjection.Length != 3 * hidden || hiddenBias.Length != 3 * hidden || update.Length != hidden || hn.Length != hidden)
            throw new ArgumentException($"GruGateMath.PreActivations: the projections and the bias need 3·hidden = {3 * hidden} values (have {inputProjection.Length}, {hiddenProjection.Length}, {hiddenBias.Length}); update and hn {hidden} (have {update.Length}, {hn.Length}).");
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(inputProjection), h = ref MemoryMarshal.GetReference(hiddenProjection), b = ref MemoryMarshal.GetReference(hiddenBias);
            ref float rr = ref MemoryMarshal.GetReference(reset), zr = ref MemoryMarshal.GetReference(update), nr = ref MemoryMarshal.GetReference(hn);
            nuint zBlock = (nuint)hidden, nBlock = 2 * zBlock;
            for (; j <= hidden - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint u = (nuint)j;
                (Vector512.LoadUnsafe(ref x, u) + (Vector512.LoadUnsafe(ref h, u) + Vector512.LoadUnsafe(ref b, u))).StoreUnsafe(ref rr, u);
                (Vector512.LoadUnsafe(ref x, zBlock + u) + (Vector512.LoadUnsafe(ref h, zBlock + u) + Vector512.LoadUnsafe(ref b, zBlock + u))).StoreUnsafe(ref zr, u);
                (Vector512.LoadUnsafe(ref h, nBlock + u) + Vector512.LoadUnsafe(ref b, nBlock + u)).StoreUnsafe(ref nr, u);
            }
        }
        for (; j < hidden; j++)
        {
            reset[j] = inputProjection[j] + (hiddenProjection[j] + hiddenBias[j]);
            update[j] = inputProjection[hidden + j] + (hiddenProjection[hidden + j] + hiddenBias[hidden + j]);
            hn[j] = hiddenProjection[2 * hidden + j] + hiddenBias[2 * hidden + j];
        }
    }

    /// <summary>n_pre = r ⊙ hn + x_n (the product rounded, then the sum), which tanh then replaces; all spans [hidden].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CandidatePreActivation(ReadOnlySpan<float> reset, ReadOnlySpan<float> hn, ReadOnlySpan<float> inputN, Span<float> candidate)
    {
        int hidden = candidate.Length;
        if (reset.Length != hidden || hn.Length != hidden || inputN.Length != hidden)
            throw new ArgumentException($"GruGateMath.CandidatePreActivation: r, hn and x_n need {hidden} values each (have {reset.Length}, {hn.Length}, {inputN.Length}).");
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float rr = ref MemoryMarshal.GetReference(reset), hr = ref MemoryMarshal.GetReference(hn), xr = ref MemoryMarshal.GetReference(inputN), cr = ref MemoryMarshal.GetReference(candidate);
            for (; j <= hidden - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint u = (nuint)j;
                (Vector512.LoadUnsafe(ref rr, u) * Vector512.LoadUnsafe(ref hr, u) + Vector512.LoadUnsafe(ref xr, u)).StoreUnsafe(ref cr, u);
            }
        }
        for (; j < hidden; j++) candidate[j] = reset[j] * hn[j] + inputN[j];
    }

    /// <summary>h_t = z ⊙ (h_{t-1} − n) + n, rounded after the difference, the product and the sum; all spans the same length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NextHidden(ReadOnlySpan<float> update, ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> candidate, Span<float> h)
    {
        int length = h.Length;
        if (update.Length != length || hPrevious.Length != length || candidate.Length != length)
            throw new ArgumentException($"GruGateMath.NextHidden: z, h_prev and n need {length} values each (have {update.Length}, {hPrevious.Length}, {candidate.Length}).");
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float zr = ref MemoryMarshal.GetReference(update), pr = ref MemoryMarshal.GetReference(hPrevious), nr = ref MemoryMarshal.GetReference(candidate), hr = ref MemoryMarshal.GetReference(h);
            for (; j <= length - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint u = (nuint)j;
                var n = Vector512.LoadUnsafe(ref nr, u);
                (Vector512.LoadUnsafe(ref zr, u) * (Vector512.LoadUnsafe(ref pr, u) - n) + n).StoreUnsafe(ref hr, u);
            }
        }
        for (; j < length; j++) h[j] = update[j] * (hPrevious[j] - candidate[j]) + candidate[j];
    }

    /// <summary>
    /// For each hidden unit j, with g = dL/dh_t: dn = g(1 − z), dz = g(h_{t-1} − n), dL/dh_{t-1} directly through
    /// h_t = n + z(h_{t-1} − n) is g·z; through tanh, σ(r) and σ(z): daN = dn(1 − n²), daR = daN·hn·r(1 − r),
    /// daZ = dz·z(1 − z). Writes <paramref name="dInput"/> = [daR | daZ | daN] and <paramref name="dHidden"/> =
    /// [daR | daZ | daN·r] ([3·hidden] each) and <paramref name="dhDirect"/> = g·z; all other spans are [hidden].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> r, ReadOnlySpan<float> z, ReadOnlySpan<float> n, ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> g, Span<float> dhDirect, Span<float> dInput, Span<float> dHidden)
    {
        int hidden = g.Length;
        CheckLengths(hidden, r, z, n, hn, hPrevious, dhDirect, dInput, dHidden);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float rr = ref MemoryMarshal.GetReference(r), zr = ref MemoryMarshal.GetReference(z), nr = ref MemoryMarshal.GetReference(n);
            ref float hnr = ref MemoryMarshal.GetReference(hn), hp = ref MemoryMarshal.GetReference(hPrevious), gr = ref MemoryMarshal.GetReference(g);
            ref float direct = ref MemoryMarshal.GetReference(dhDirect), di = ref MemoryMarshal.GetReference(dInput), dh = ref MemoryMarshal.GetReference(dHidden);
            nuint zBlock = (nuint)hidden, nBlock = 2 * zBlock;
            var one = Vector512<float>.One;
            for (; j <= hidden - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint u = (nuint)j;
                var rv = Vector512.LoadUnsafe(ref rr, u);
                var zv = Vector512.LoadUnsafe(ref zr, u);
                var nv = Vector512.LoadUnsafe(ref nr, u);
                var gv = Vector512.LoadUnsafe(ref gr, u);
                var dn = gv * (one - zv);
                var dz = gv * (Vector512.LoadUnsafe(ref hp, u) - nv);
                (gv * zv).StoreUnsafe(ref direct, u);
                var daN = dn * (one - nv * nv);
                var daR = daN * Vector512.LoadUnsafe(ref hnr, u) * rv * (one - rv);
                var daZ = dz * zv * (one - zv);
                daR.StoreUnsafe(ref di, u);
                daR.StoreUnsafe(ref dh, u);
                daZ.StoreUnsafe(ref di, zBlock + u);
                daZ.StoreUnsafe(ref dh, zBlock + u);
                daN.StoreUnsafe(ref di, nBlock + u);
                (daN * rv).StoreUnsafe(ref dh, nBlock + u);
            }
        }
        Units(j, hidden, r, z, n, hn, hPrevious, g, dhDirect, dInput, dHidden);
    }

    /// <summary><see cref="Backward"/> one hidden unit at a time: the readable form, and the same bits.</summary>
    public static void BackwardReference(ReadOnlySpan<float> r, ReadOnlySpan<float> z, ReadOnlySpan<float> n, ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> g, Span<float> dhDirect, Span<float> dInput, Span<float> dHidden)
    {
        CheckLengths(g.Length, r, z, n, hn, hPrevious, dhDirect, dInput, dHidden);
        Units(0, g.Length, r, z, n, hn, hPrevious, g, dhDirect, dInput, dHidden);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Units(int from, int hidden, ReadOnlySpan<float> r, ReadOnlySpan<float> z, ReadOnlySpan<float> n, ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> g, Span<float> dhDirect, Span<float> dInput, Span<float> dHidden)
    {
        for (int j = from; j < hidden; j++)
        {
            float dn = g[j] * (1f - z[j]);
            float dz = g[j] * (hPrevious[j] - n[j]);
            dhDirect[j] = g[j] * z[j];
            float daN = dn * (1f - n[j] * n[j]);
            float daR = daN * hn[j] * r[j] * (1f - r[j]);
            float daZ = dz * z[j] * (1f - z[j]);
            dInput[j] = dHidden[j] = daR;
            dInput[hidden + j] = dHidden[hidden + j] = daZ;
            dInput[2 * hidden + j] = daN;
            dHidden[2 * hidden + j] = daN * r[j];
        }
    }

    private static void CheckLengths(int hidden, ReadOnlySpan<float> r, ReadOnlySpan<float> z, ReadOnlySpan<float> n, ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrevious, Span<float> dhDirect, Span<float> dInput, Span<float> dHidden)
    {
        if (r.Length != hidden || z.Length != hidden || n.Length != hidden || hn.Length != hidden || hPrevious.Length != hidden
            || dhDirect.Length != hidden || dInput.Length != 3 * hidden || dHidden.Length != 3 * hidden)
            throw new ArgumentException($"GruGateMath.Backward: dL/dh has {hidden} values; r, z, n, hn, h_prev and dh_direct need {hidden} each " +
                $"(have {r.Length}, {z.Length}, {n.Length}, {hn.Length}, {hPrevious.Length}, {dhDirect.Length}) and the two pre-activation gradients 3·hidden = {3 * hidden} (have {dInput.Length}, {dHidden.Length}).");
    }
}
