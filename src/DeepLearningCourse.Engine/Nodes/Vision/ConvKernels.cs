using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The two small matrix products a convolution needs per image, register-blocked for the shapes convolutions have
/// (few rows — channels or kernel taps — and long rows of Ho·Wo pixels):
/// <list type="bullet">
/// <item><see cref="Multiply"/>: C [m, n] = A [m, k] · B [k, n] (forward y = W · cols, and dcols = Wᵀ · dy);</item>
/// <item><see cref="MultiplyByTransposeAdd"/>: C [m, k] += A [m, n] · B [k, n]ᵀ, i.e. dot products of long rows
/// (the weight gradient dW += dy · colsᵀ).</item>
/// </list>
/// Each 4×4 block keeps 16 Vector512 accumulators in registers; where a size is not a multiple of the block, the
/// last block is shifted back to end at the edge; products smaller than one block use TensorPrimitives. Results equal
/// <see cref="Gemm.Reference"/> up to float rounding (tested through <see cref="Conv2dReference"/>).
/// </summary>
public static class ConvKernels
{
    private const int Lanes = 16;

    /// <summary>
    /// C [m, n] = A [m, k] · B [k, n] (+ rowOffset[i] on every element of row i, when given: the bias), row-major.
    /// Rows of B and C may be further apart than n (<paramref name="strideB"/>, <paramref name="strideC"/>; 0 means n):
    /// padding rows so they are not 4 KiB apart keeps them in different cache sets.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, int strideB = 0, int strideC = 0,
        ReadOnlySpan<float> rowOffset = default)
    {
        if (!rowOffset.IsEmpty && rowOffset.Length < m)
            throw new ArgumentException($"ConvKernels.Multiply: rowOffset has {rowOffset.Length} values for {m} rows.");
        strideB = strideB == 0 ? n : strideB;
        strideC = strideC == 0 ? n : strideC;
        if (strideB < n || strideC < n || a.Length < m * k || b.Length < (k - 1) * strideB + n || c.Length < (m - 1) * strideC + n)
            throw new ArgumentException($"ConvKernels.Multiply: buffers too small for m={m}, n={n}, k={k}, strides {strideB} and {strideC}.");
        if (Vector512.IsHardwareAccelerated && m >= 4 && n >= 4 * Lanes)
        {
            MultiplyBlocks(a, b, c, rowOffset, m, n, strideB, strideC, k);
            return;
        }
        MultiplyRows(a, b, c, rowOffset, m, n, strideB, strideC, k);
    }

    /// <summary>
    /// Too small for one 4×64 block (fewer than 4 rows, or rows shorter than 64): each row sixteen columns at a time,
    /// the sum over k kept in a register, with the same fused multiply-adds in the same order as the blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyRows(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, ReadOnlySpan<float> rowOffset, int m, int n, int strideB, int strideC, int k)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            int vectorEnd = Vector512.IsHardwareAccelerated ? n / Lanes * Lanes : 0;
            for (int i = 0; i < m; i++)
            {
                float offset = rowOffset.IsEmpty ? 0f : rowOffset[i];
                float* aRow = pa + i * k, cRow = pc + i * strideC;
                for (int j = 0; j < vectorEnd; j += Lanes)
                {
                    var sum = Vector512.Create(offset);
                    for (int p = 0; p < k; p++) sum = Vector512.FusedMultiplyAdd(Vector512.Create(aRow[p]), Vector512.Load(pb + p * strideB + j), sum);
                    sum.Store(cRow + j);
                }
                for (int j = vectorEnd; j < n; j++)
                {
                    float sum = offset;
                    for (int p = 0; p < k; p++) sum = MathF.FusedMultiplyAdd(aRow[p], pb[p * strideB + j], sum);
                    cRow[j] = sum;
                }
            }
        }
    }

    /// <summary>
    /// C [m, k] += A [m, n] · B [k, n]ᵀ: C[i, r] += Σ_j A[i, j] · B[r, j]. Rows of A and B are <paramref name="strideA"/>
    /// and <paramref name="strideB"/> apart (0 means n).
    /// </summary>
    public static void MultiplyByTransposeAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, int strideA = 0, int strideB = 0)
    {
        strideA = strideA == 0 ? n : strideA;
        strideB = strideB == 0 ? n : strideB;
        if (strideA < n || strideB < n || a.Length < (m - 1) * strideA + n || b.Length < (k - 1) * strideB + n || c.Length < m * k)
            throw new ArgumentException($"ConvKernels.MultiplyByTransposeAdd: buffers too small for m={m}, n={n}, k={k}, strides {strideA} and {strideB}.");
        bool vectors = Vector512.IsHardwareAccelerated && n >= Lanes;
        int vectorEnd = vectors ? n / Lanes * Lanes : 0;
        if (vectors && m >= 4 && k >= 4) DotBlocks(a, b, c, m, k, vectorEnd, strideA, strideB);
        else if (vectors) DotRows(a, b, c, m, k, vectorEnd, strideA, strideB);
        if (vectorEnd == n) return;
        // The blocks covered the first vectorEnd values of each row; add the rest (or the whole dot product).
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> aRow = a.Slice(i * strideA + vectorEnd, n - vectorEnd);
            for (int r = 0; r < k; r++) c[i * k + r] += TensorPrimitives.Dot(aRow, b.Slice(r * strideB + vectorEnd, n - vectorEnd));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyBlocks(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, ReadOnlySpan<float> rowOffset, int m, int n, int strideB, int strideC, int k)
    {
        fixed (float* pa = a, pb = b, pc = c, po = rowOffset)
        {
            // Column panels outside, row blocks inside: the k×64 panel of B stays in L1 while every row block uses it.
            // When m or n is not a multiple of the block, the last block is shifted back to end at the edge: it recomputes
            // a few values exactly as before (C is overwritten, not accumulated), instead of a slow edge loop.
            for (int jBlock = 0; jBlock < n; jBlock += 4 * Lanes)
            {
                int j = Math.Min(jBlock, n - 4 * Lanes);
                for (int iBlock = 0; iBlock < m; iBlock += 4)
                {
                    int i = Math.Min(iBlock, m - 4);
                    float* a0 = pa + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
                    Vector512<float> c00 = po == null ? default : Vector512.Create(po[i]);
                    Vector512<float> c10 = po == null ? default : Vector512.Create(po[i + 1]);
                    Vector512<float> c20 = po == null ? default : Vector512.Create(po[i + 2]);
                    Vector512<float> c30 = po == null ? default : Vector512.Create(po[i + 3]);
                    Vector512<float> c01 = c00, c02 = c00, c03 = c00, c11 = c10, c12 = c10, c13 = c10;
                    Vector512<float> c21 = c20, c22 = c20, c23 = c20, c31 = c30, c32 = c30, c33 = c30;
                    float* bp = pb + j;
                    for (int p = 0; p < k; p++, bp += strideB)
                    {
                        var b0 = Vector512.Load(bp);
                        var b1 = Vector512.Load(bp + Lanes);
                        var b2 = Vector512.Load(bp + 2 * Lanes);
                        var b3 = Vector512.Load(bp + 3 * Lanes);
                        var x = Vector512.Create(a0[p]);
                        c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                        c02 = Vector512.FusedMultiplyAdd(x, b2, c02); c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
                        x = Vector512.Create(a1[p]);
                        c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                        c12 = Vector512.FusedMultiplyAdd(x, b2, c12); c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
                        x = Vector512.Create(a2[p]);
                        c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                        c22 = Vector512.FusedMultiplyAdd(x, b2, c22); c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
                        x = Vector512.Create(a3[p]);
                        c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
                        c32 = Vector512.FusedMultiplyAdd(x, b2, c32); c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
                    }
                    float* c0 = pc + i * strideC + j, c1 = c0 + strideC, c2 = c1 + strideC, c3 = c2 + strideC;
                    c00.Store(c0); c01.Store(c0 + Lanes); c02.Store(c0 + 2 * Lanes); c03.Store(c0 + 3 * Lanes);
                    c10.Store(c1); c11.Store(c1 + Lanes); c12.Store(c1 + 2 * Lanes); c13.Store(c1 + 3 * Lanes);
                    c20.Store(c2); c21.Store(c2 + Lanes); c22.Store(c2 + 2 * Lanes); c23.Store(c2 + 3 * Lanes);
                    c30.Store(c3); c31.Store(c3 + Lanes); c32.Store(c3 + 2 * Lanes); c33.Store(c3 + 3 * Lanes);
                }
            }
        }
    }

    /// <summary>
    /// The first <paramref name="vectorEnd"/> values of each dot product when there are fewer than 4 rows or columns
    /// for a block: one product at a time, summed the way a block sums each of its sixteen (bit-equal).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DotRows(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int vectorEnd, int strideA, int strideB)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (int i = 0; i < m; i++)
            {
                for (int r = 0; r < k; r++)
                {
                    float* aRow = pa + i * strideA, bRow = pb + r * strideB;
                    Vector512<float> sum = default;
                    for (int j = 0; j < vectorEnd; j += Lanes) sum = Vector512.FusedMultiplyAdd(Vector512.Load(aRow + j), Vector512.Load(bRow + j), sum);
                    pc[i * k + r] += Sum4(sum, sum, sum, sum).GetElement(0);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DotBlocks(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int vectorEnd, int strideA, int strideB)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            // When m or k is not a multiple of 4, the last block is shifted back to end at the edge; C is accumulated
            // into, so the rows and columns an earlier block already added are skipped when storing.
            for (int iBlock = 0; iBlock < m; iBlock += 4)
            {
                int i = Math.Min(iBlock, m - 4), skipRows = iBlock - i;
                float* a0 = pa + i * strideA, a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
                for (int rBlock = 0; rBlock < k; rBlock += 4)
                {
                    int r = Math.Min(rBlock, k - 4), skipColumns = rBlock - r;
                    float* b0 = pb + r * strideB, b1 = b0 + strideB, b2 = b1 + strideB, b3 = b2 + strideB;
                    Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default;
                    Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default;
                    Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default;
                    Vector512<float> s30 = default, s31 = default, s32 = default, s33 = default;
                    for (int j = 0; j < vectorEnd; j += Lanes)
                    {
                        var y0 = Vector512.Load(b0 + j);
                        var y1 = Vector512.Load(b1 + j);
                        var y2 = Vector512.Load(b2 + j);
                        var y3 = Vector512.Load(b3 + j);
                        var x = Vector512.Load(a0 + j);
                        s00 = Vector512.FusedMultiplyAdd(x, y0, s00); s01 = Vector512.FusedMultiplyAdd(x, y1, s01);
                        s02 = Vector512.FusedMultiplyAdd(x, y2, s02); s03 = Vector512.FusedMultiplyAdd(x, y3, s03);
                        x = Vector512.Load(a1 + j);
                        s10 = Vector512.FusedMultiplyAdd(x, y0, s10); s11 = Vector512.FusedMultiplyAdd(x, y1, s11);
                        s12 = Vector512.FusedMultiplyAdd(x, y2, s12); s13 = Vector512.FusedMultiplyAdd(x, y3, s13);
                        x = Vector512.Load(a2 + j);
                        s20 = Vector512.FusedMultiplyAdd(x, y0, s20); s21 = Vector512.FusedMultiplyAdd(x, y1, s21);
                        s22 = Vector512.FusedMultiplyAdd(x, y2, s22); s23 = Vector512.FusedMultiplyAdd(x, y3, s23);
                        x = Vector512.Load(a3 + j);
                        s30 = Vector512.FusedMultiplyAdd(x, y0, s30); s31 = Vector512.FusedMultiplyAdd(x, y1, s31);
                        s32 = Vector512.FusedMultiplyAdd(x, y2, s32); s33 = Vector512.FusedMultiplyAdd(x, y3, s33);
                    }
                    float* c0 = pc + i * k + r;
                    if (skipRows < 1) AddSums(c0, skipColumns, s00, s01, s02, s03);
                    if (skipRows < 2) AddSums(c0 + k, skipColumns, s10, s11, s12, s13);
                    if (skipRows < 3) AddSums(c0 + 2 * k, skipColumns, s20, s21, s22, s23);
                    AddSums(c0 + 3 * k, skipColumns, s30, s31, s32, s33);
                }
            }
        }
    }

    /// <summary>c[q] += the sum of the lanes of s_q, for q = skip .. 3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void AddSums(float* c, int skip, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        Vector128<float> sums = Sum4(s0, s1, s2, s3);
        if (skip == 0)
        {
            (Vector128.Load(c) + sums).Store(c);
            return;
        }
        for (int q = skip; q < 4; q++) c[q] += sums.GetElement(q);
    }

    /// <summary>
    /// [Σ s0, Σ s1, Σ s2, Σ s3]: the four horizontal sums folded together (halves, then 128-bit lanes, then two
    /// horizontal adds), about a quarter of the instructions of four separate <c>Vector512.Sum</c> calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Sum4(Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        if (!Avx.IsSupported) return Vector128.Create(Vector512.Sum(s0), Vector512.Sum(s1), Vector512.Sum(s2), Vector512.Sum(s3));
        Vector256<float> h0 = s0.GetLower() + s0.GetUpper(), h1 = s1.GetLower() + s1.GetUpper();
        Vector256<float> h2 = s2.GetLower() + s2.GetUpper(), h3 = s3.GetLower() + s3.GetUpper();
        // [h0 folded to 4 | h1 folded to 4] and the same for h2, h3.
        Vector256<float> u01 = Avx.Permute2x128(h0, h1, 0x20) + Avx.Permute2x128(h0, h1, 0x31);
        Vector256<float> u23 = Avx.Permute2x128(h2, h3, 0x20) + Avx.Permute2x128(h2, h3, 0x31);
        Vector256<float> pairs = Avx.HorizontalAdd(u01, u23); // [s0 s0 s2 s2 | s1 s1 s3 s3] partial sums
        Vector256<float> totals = Avx.HorizontalAdd(pairs, pairs); // [s0 s2 s0 s2 | s1 s3 s1 s3]
        return Sse.UnpackLow(totals.GetLower(), totals.GetUpper()); // [s0 s1 s2 s3]
    }
}
