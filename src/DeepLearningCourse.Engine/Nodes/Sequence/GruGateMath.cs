using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The element-wise backward of one GRU step for one batch row, as the fused sequence node runs it after each step's
/// recurrent product: from the gates r, z, the candidate n, the hidden-side candidate pre-activation hn = (h_{t-1}·W_h +
/// b_h) of the n block, h_{t-1} and dL/dh_t, the gradients of the input-side and hidden-side pre-activations.
/// <see cref="Backward"/> runs sixteen hidden units at a time; <see cref="BackwardReference"/> is the same formulas one
/// unit at a time, in the same order, so the two give the same bits (tested).
/// </summary>
internal static class GruGateMath
{
    /// <summary>
    /// For each hidden unit j, with g = dL/dh_t: dn = g(1 − z), dz = g(h_{t-1} − n), dL/dh_{t-1} directly through
    /// h_t = n + z(h_{t-1} − n) is g·z; through tanh, σ(r) and σ(z): daN = dn(1 − n²), daR = daN·hn·r(1 − r),
    /// daZ = dz·z(1 − z). Writes <paramref name="dInput"/> = [daR | daZ | daN] and <paramref name="dHidden"/> =
    /// [daR | daZ | daN·r] ([3·hidden] each) and <paramref name="dhDirect"/> = g·z; all other spans are [hidden].
    /// </summary>
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
