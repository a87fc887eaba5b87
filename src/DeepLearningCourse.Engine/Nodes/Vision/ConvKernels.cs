using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The two small matrix products a convolution needs per image, register-blocked for the shapes convolutions have
/// (few rows — channels or kernel taps — and long rows of Ho·Wo pixels):
/// <list type="bullet">
/// <item><see cref="Multiply"/>: C [m, n] = A [m, k] · B [k, n] (forward y = W · cols, and dcols = Wᵀ · dy);</item>
/// <item><see cref="MultiplyByTransposeAdd"/>: C [m, k] += A [m, n] · B [k, n]ᵀ, i.e. dot products of long rows
/// (the weight gradient dW += dy · colsᵀ).</item>
/// </list>
/// Each 4×4 block keeps 16 Vector512 accumulators in registers; edges fall back to TensorPrimitives. Results equal
/// <see cref="Gemm.Reference"/> up to float rounding (tested through <see cref="Conv2dReference"/>).
/// </summary>
public static class ConvKernels
{
    private const int Lanes = 16;

    /// <summary>C [m, n] = A [m, k] · B [k, n], row-major.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
            throw new ArgumentException($"ConvKernels.Multiply: buffers too small for m={m}, n={n}, k={k}.");
        int rowBlocks = Vector512.IsHardwareAccelerated ? m / 4 * 4 : 0;
        int columnBlocks = Vector512.IsHardwareAccelerated ? n / (4 * Lanes) * 4 * Lanes : 0;
        if (rowBlocks > 0 && columnBlocks > 0) MultiplyBlocks(a, b, c, rowBlocks, columnBlocks, n, k);
        // Edges: the rows below the 4-row blocks (all columns) and the columns right of the vector blocks.
        for (int i = 0; i < m; i++)
        {
            int from = i < rowBlocks ? columnBlocks : 0;
            if (from >= n) continue;
            Span<float> cRow = c.Slice(i * n + from, n - from);
            cRow.Clear();
            for (int p = 0; p < k; p++) TensorPrimitives.MultiplyAdd(b.Slice(p * n + from, n - from), a[i * k + p], cRow, cRow);
        }
    }

    /// <summary>C [m, k] += A [m, n] · B [k, n]ᵀ: C[i, r] += Σ_j A[i, j] · B[r, j].</summary>
    public static void MultiplyByTransposeAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        if (a.Length < m * n || b.Length < k * n || c.Length < m * k)
            throw new ArgumentException($"ConvKernels.MultiplyByTransposeAdd: buffers too small for m={m}, n={n}, k={k}.");
        int rowBlocks = Vector512.IsHardwareAccelerated && n >= Lanes ? m / 4 * 4 : 0;
        int colBlocks = Vector512.IsHardwareAccelerated && n >= Lanes ? k / 4 * 4 : 0;
        if (rowBlocks > 0 && colBlocks > 0) DotBlocks(a, b, c, rowBlocks, colBlocks, n, k);
        for (int i = 0; i < m; i++)
        {
            for (int r = i < rowBlocks ? colBlocks : 0; r < k; r++)
                c[i * k + r] += TensorPrimitives.Dot(a.Slice(i * n, n), b.Slice(r * n, n));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MultiplyBlocks(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int columns, int n, int k)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (int i = 0; i < rows; i += 4)
            {
                float* a0 = pa + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
                for (int j = 0; j < columns; j += 4 * Lanes)
                {
                    Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
                    Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
                    Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
                    Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
                    float* bp = pb + j;
                    for (int p = 0; p < k; p++, bp += n)
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
                    float* c0 = pc + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
                    c00.Store(c0); c01.Store(c0 + Lanes); c02.Store(c0 + 2 * Lanes); c03.Store(c0 + 3 * Lanes);
                    c10.Store(c1); c11.Store(c1 + Lanes); c12.Store(c1 + 2 * Lanes); c13.Store(c1 + 3 * Lanes);
                    c20.Store(c2); c21.Store(c2 + Lanes); c22.Store(c2 + 2 * Lanes); c23.Store(c2 + 3 * Lanes);
                    c30.Store(c3); c31.Store(c3 + Lanes); c32.Store(c3 + 2 * Lanes); c33.Store(c3 + 3 * Lanes);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DotBlocks(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int columns, int n, int k)
    {
        int vectorEnd = n / Lanes * Lanes;
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (int i = 0; i < rows; i += 4)
            {
                float* a0 = pa + i * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
                for (int r = 0; r < columns; r += 4)
                {
                    float* b0 = pb + r * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
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
                    float* c0 = pc + i * k + r, c1 = c0 + k, c2 = c1 + k, c3 = c2 + k;
                    c0[0] += Tail(a0, b0, vectorEnd, n) + Vector512.Sum(s00); c0[1] += Tail(a0, b1, vectorEnd, n) + Vector512.Sum(s01);
                    c0[2] += Tail(a0, b2, vectorEnd, n) + Vector512.Sum(s02); c0[3] += Tail(a0, b3, vectorEnd, n) + Vector512.Sum(s03);
                    c1[0] += Tail(a1, b0, vectorEnd, n) + Vector512.Sum(s10); c1[1] += Tail(a1, b1, vectorEnd, n) + Vector512.Sum(s11);
                    c1[2] += Tail(a1, b2, vectorEnd, n) + Vector512.Sum(s12); c1[3] += Tail(a1, b3, vectorEnd, n) + Vector512.Sum(s13);
                    c2[0] += Tail(a2, b0, vectorEnd, n) + Vector512.Sum(s20); c2[1] += Tail(a2, b1, vectorEnd, n) + Vector512.Sum(s21);
                    c2[2] += Tail(a2, b2, vectorEnd, n) + Vector512.Sum(s22); c2[3] += Tail(a2, b3, vectorEnd, n) + Vector512.Sum(s23);
                    c3[0] += Tail(a3, b0, vectorEnd, n) + Vector512.Sum(s30); c3[1] += Tail(a3, b1, vectorEnd, n) + Vector512.Sum(s31);
                    c3[2] += Tail(a3, b2, vectorEnd, n) + Vector512.Sum(s32); c3[3] += Tail(a3, b3, vectorEnd, n) + Vector512.Sum(s33);
                }
            }
        }
    }

    private static unsafe float Tail(float* x, float* y, int from, int n)
    {
        float sum = 0;
        for (int j = from; j < n; j++) sum += x[j] * y[j];
        return sum;
    }
}
