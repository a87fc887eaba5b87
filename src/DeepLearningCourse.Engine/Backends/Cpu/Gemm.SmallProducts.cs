using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

// Small products with narrow rows (a width-16 to width-64 hidden layer), computed without packing.
public static partial class Gemm
{
    /// <summary>Widest C (columns) and longest k computed by <see cref="MultiplySmallRows"/>.</summary>
    internal const int SmallRowsMaxColumns = 64, SmallRowsMaxK = 64;

    /// <summary>Tests set this to send small products through the packed path, to compare the two.</summary>
    internal static bool PackSmallProducts { get; set; }

    /// <summary>
    /// True for a one-thread product C = A·B (+ bias, ReLU) with A [m, k] and B [k, n] stored as they are used, n a
    /// multiple of 16, and n ≤ 32 with k ≤ 64 or n ≤ 64 with k ≤ 16: the rows of B are then a few vectors that stay in
    /// L1, and packing A and B costs more than the product (best of 6 × 3,000, μs, unpacked vs packed: [600, 16]·[16, 16]
    /// 2.3 vs 6.2, [600, 32]·[32, 32] 9.2 vs 11.5, [128, 16]·[16, 64] 2.0 vs 2.8, [2048, 64]·[64, 16] 29.8 vs 42.7; but
    /// [128, 64]·[64, 64] 7.5 vs 6.5, so wider products with longer k stay packed). <see cref="MultiplySmallRows"/> gives each element
    /// the same fused multiply-adds over k in the same order as the packed kernel, then the bias, then max(0, ·), so the
    /// bits are the same.
    /// </summary>
    internal static bool MultipliesSmallRows(GemmKernelKind kernel, int parts, int m, int n, int k, bool transposeA, bool transposeB,
        bool accumulate, bool columnSums, bool gated) =>
        kernel == GemmKernelKind.Vector512 && !PackSmallProducts && parts <= 1 && !transposeA && !transposeB && !accumulate
        && !columnSums && !gated && n % 16 == 0 && m > 0 && k <= SmallRowsMaxK && (n <= 32 || (n <= SmallRowsMaxColumns && k <= 16));

    /// <summary>C [m, n] = A [m, k] · B [k, n] (+ bias [n]) (then max(0, ·)), eight rows and sixteen columns at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplySmallRows(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        ReadOnlySpan<float> bias, bool relu)
    {
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            for (int j = 0; j < n; j += 16)
            {
                var add = pbias == null ? Vector512<float>.Zero : Vector512.Load(pbias + j);
                int i = 0;
                for (; i + 8 <= m; i += 8)
                {
                    // Eight independent sums, so the FMA latency is hidden.
                    Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
                    float* a0 = pa + (nint)i * k;
                    for (int p = 0; p < k; p++)
                    {
                        var bp = Vector512.Load(pb + (nint)p * n + j);
                        c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[p]), bp, c0);
                        c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[k + p]), bp, c1);
                        c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[2 * k + p]), bp, c2);
                        c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[3 * k + p]), bp, c3);
                        c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[4 * k + p]), bp, c4);
                        c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[5 * k + p]), bp, c5);
                        c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[6 * k + p]), bp, c6);
                        c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[7 * k + p]), bp, c7);
                    }
                    float* c0Row = pc + (nint)i * n + j;
                    Finish(c0, add, pbias != null, relu).Store(c0Row);
                    Finish(c1, add, pbias != null, relu).Store(c0Row + n);
                    Finish(c2, add, pbias != null, relu).Store(c0Row + 2 * n);
                    Finish(c3, add, pbias != null, relu).Store(c0Row + 3 * n);
                    Finish(c4, add, pbias != null, relu).Store(c0Row + 4 * n);
                    Finish(c5, add, pbias != null, relu).Store(c0Row + 5 * n);
                    Finish(c6, add, pbias != null, relu).Store(c0Row + 6 * n);
                    Finish(c7, add, pbias != null, relu).Store(c0Row + 7 * n);
                }
                for (; i < m; i++)
                {
                    Vector512<float> sum = default;
                    float* aRow = pa + (nint)i * k;
                    for (int p = 0; p < k; p++) sum = Vector512.FusedMultiplyAdd(Vector512.Create(aRow[p]), Vector512.Load(pb + (nint)p * n + j), sum);
                    Finish(sum, add, pbias != null, relu).Store(pc + (nint)i * n + j);
                }
            }
        }
    }

    /// <summary>The epilogue of the packed path: + bias after the sum, then max(0, ·) as <see cref="ReluNode"/> computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Finish(Vector512<float> sum, Vector512<float> bias, bool hasBias, bool relu)
    {
        if (hasBias) sum += bias;
        return relu ? Vector512.Max(sum, Vector512<float>.Zero) : sum;
    }
}
