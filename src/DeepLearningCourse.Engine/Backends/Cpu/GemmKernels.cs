using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The innermost SGEMM loops (micro-kernels). Each computes one MR×NR tile of C from an A sliver (kc steps of MR
/// values, row i of the tile at offset i) and a B sliver (kc steps of NR values), keeping the whole tile in
/// registers: C_tile = Σ_p A[:, p] ⊗ B[p, :], then C = tile (<c>overwrite</c>) or C += tile. Each step's values lie
/// <c>aStep</c> and <c>bStep</c> floats after the last: MR and NR in a packed sliver, the stored row length when an
/// operand is read where it is stored. Every element is computed by the same FMA sequence whichever tile or thread it
/// falls in, so results are bitwise reproducible.
/// The unrolled bodies are deliberately repetitive: the JIT keeps named locals in registers, arrays it would not.
/// </summary>
internal static class GemmKernels
{
    /// <summary>Tile rows of the Vector512 kernel.</summary>
    internal const int Vector512Rows = 14;

    /// <summary>Tile columns of the Vector512 kernel (two 16-float vectors).</summary>
    internal const int Vector512Columns = 32;

    /// <summary>Tile rows of the Vector256 kernel.</summary>
    internal const int Vector256Rows = 6;

    /// <summary>Tile columns of the Vector256 kernel (two 8-float vectors).</summary>
    internal const int Vector256Columns = 16;

    /// <summary>Tile rows and columns of the scalar kernel.</summary>
    internal const int ScalarRows = 4, ScalarColumns = 4;

    /// <summary>
    /// Vector512 micro-kernel: a 14×32 tile of C in 28 registers. Per step p: load one row of the B sliver
    /// (2 vectors), broadcast each of the 14 A values and fused-multiply-add.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default, c0R = default;
        Vector512<float> c1L = default, c1R = default;
        Vector512<float> c2L = default, c2R = default;
        Vector512<float> c3L = default, c3R = default;
        Vector512<float> c4L = default, c4R = default;
        Vector512<float> c5L = default, c5R = default;
        Vector512<float> c6L = default, c6R = default;
        Vector512<float> c7L = default, c7R = default;
        Vector512<float> c8L = default, c8R = default;
        Vector512<float> c9L = default, c9R = default;
        Vector512<float> c10L = default, c10R = default;
        Vector512<float> c11L = default, c11R = default;
        Vector512<float> c12L = default, c12R = default;
        Vector512<float> c13L = default, c13R = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b), bR = Vector512.Load(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L); c0R = Vector512.FusedMultiplyAdd(ai, bR, c0R);
            ai = Vector512.Create(a[1]); c1L = Vector512.FusedMultiplyAdd(ai, bL, c1L); c1R = Vector512.FusedMultiplyAdd(ai, bR, c1R);
            ai = Vector512.Create(a[2]); c2L = Vector512.FusedMultiplyAdd(ai, bL, c2L); c2R = Vector512.FusedMultiplyAdd(ai, bR, c2R);
            ai = Vector512.Create(a[3]); c3L = Vector512.FusedMultiplyAdd(ai, bL, c3L); c3R = Vector512.FusedMultiplyAdd(ai, bR, c3R);
            ai = Vector512.Create(a[4]); c4L = Vector512.FusedMultiplyAdd(ai, bL, c4L); c4R = Vector512.FusedMultiplyAdd(ai, bR, c4R);
            ai = Vector512.Create(a[5]); c5L = Vector512.FusedMultiplyAdd(ai, bL, c5L); c5R = Vector512.FusedMultiplyAdd(ai, bR, c5R);
            ai = Vector512.Create(a[6]); c6L = Vector512.FusedMultiplyAdd(ai, bL, c6L); c6R = Vector512.FusedMultiplyAdd(ai, bR, c6R);
            ai = Vector512.Create(a[7]); c7L = Vector512.FusedMultiplyAdd(ai, bL, c7L); c7R = Vector512.FusedMultiplyAdd(ai, bR, c7R);
            ai = Vector512.Create(a[8]); c8L = Vector512.FusedMultiplyAdd(ai, bL, c8L); c8R = Vector512.FusedMultiplyAdd(ai, bR, c8R);
            ai = Vector512.Create(a[9]); c9L = Vector512.FusedMultiplyAdd(ai, bL, c9L); c9R = Vector512.FusedMultiplyAdd(ai, bR, c9R);
            ai = Vector512.Create(a[10]); c10L = Vector512.FusedMultiplyAdd(ai, bL, c10L); c10R = Vector512.FusedMultiplyAdd(ai, bR, c10R);
            ai = Vector512.Create(a[11]); c11L = Vector512.FusedMultiplyAdd(ai, bL, c11L); c11R = Vector512.FusedMultiplyAdd(ai, bR, c11R);
            ai = Vector512.Create(a[12]); c12L = Vector512.FusedMultiplyAdd(ai, bL, c12L); c12R = Vector512.FusedMultiplyAdd(ai, bR, c12R);
            ai = Vector512.Create(a[13]); c13L = Vector512.FusedMultiplyAdd(ai, bL, c13L); c13R = Vector512.FusedMultiplyAdd(ai, bR, c13R);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc); c0R.Store(c + 0 * ldc + 16);
            c1L.Store(c + 1 * ldc); c1R.Store(c + 1 * ldc + 16);
            c2L.Store(c + 2 * ldc); c2R.Store(c + 2 * ldc + 16);
            c3L.Store(c + 3 * ldc); c3R.Store(c + 3 * ldc + 16);
            c4L.Store(c + 4 * ldc); c4R.Store(c + 4 * ldc + 16);
            c5L.Store(c + 5 * ldc); c5R.Store(c + 5 * ldc + 16);
            c6L.Store(c + 6 * ldc); c6R.Store(c + 6 * ldc + 16);
            c7L.Store(c + 7 * ldc); c7R.Store(c + 7 * ldc + 16);
            c8L.Store(c + 8 * ldc); c8R.Store(c + 8 * ldc + 16);
            c9L.Store(c + 9 * ldc); c9R.Store(c + 9 * ldc + 16);
            c10L.Store(c + 10 * ldc); c10R.Store(c + 10 * ldc + 16);
            c11L.Store(c + 11 * ldc); c11R.Store(c + 11 * ldc + 16);
            c12L.Store(c + 12 * ldc); c12R.Store(c + 12 * ldc + 16);
            c13L.Store(c + 13 * ldc); c13R.Store(c + 13 * ldc + 16);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc); (Vector512.Load(c + 0 * ldc + 16) + c0R).Store(c + 0 * ldc + 16);
            (Vector512.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc); (Vector512.Load(c + 1 * ldc + 16) + c1R).Store(c + 1 * ldc + 16);
            (Vector512.Load(c + 2 * ldc) + c2L).Store(c + 2 * ldc); (Vector512.Load(c + 2 * ldc + 16) + c2R).Store(c + 2 * ldc + 16);
            (Vector512.Load(c + 3 * ldc) + c3L).Store(c + 3 * ldc); (Vector512.Load(c + 3 * ldc + 16) + c3R).Store(c + 3 * ldc + 16);
            (Vector512.Load(c + 4 * ldc) + c4L).Store(c + 4 * ldc); (Vector512.Load(c + 4 * ldc + 16) + c4R).Store(c + 4 * ldc + 16);
            (Vector512.Load(c + 5 * ldc) + c5L).Store(c + 5 * ldc); (Vector512.Load(c + 5 * ldc + 16) + c5R).Store(c + 5 * ldc + 16);
            (Vector512.Load(c + 6 * ldc) + c6L).Store(c + 6 * ldc); (Vector512.Load(c + 6 * ldc + 16) + c6R).Store(c + 6 * ldc + 16);
            (Vector512.Load(c + 7 * ldc) + c7L).Store(c + 7 * ldc); (Vector512.Load(c + 7 * ldc + 16) + c7R).Store(c + 7 * ldc + 16);
            (Vector512.Load(c + 8 * ldc) + c8L).Store(c + 8 * ldc); (Vector512.Load(c + 8 * ldc + 16) + c8R).Store(c + 8 * ldc + 16);
            (Vector512.Load(c + 9 * ldc) + c9L).Store(c + 9 * ldc); (Vector512.Load(c + 9 * ldc + 16) + c9R).Store(c + 9 * ldc + 16);
            (Vector512.Load(c + 10 * ldc) + c10L).Store(c + 10 * ldc); (Vector512.Load(c + 10 * ldc + 16) + c10R).Store(c + 10 * ldc + 16);
            (Vector512.Load(c + 11 * ldc) + c11L).Store(c + 11 * ldc); (Vector512.Load(c + 11 * ldc + 16) + c11R).Store(c + 11 * ldc + 16);
            (Vector512.Load(c + 12 * ldc) + c12L).Store(c + 12 * ldc); (Vector512.Load(c + 12 * ldc + 16) + c12R).Store(c + 12 * ldc + 16);
            (Vector512.Load(c + 13 * ldc) + c13L).Store(c + 13 * ldc); (Vector512.Load(c + 13 * ldc + 16) + c13R).Store(c + 13 * ldc + 16);
        }
    }

    /// <summary>Edge kernel: the first 8 rows and 32 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile8x32(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default, c0R = default;
        Vector512<float> c1L = default, c1R = default;
        Vector512<float> c2L = default, c2R = default;
        Vector512<float> c3L = default, c3R = default;
        Vector512<float> c4L = default, c4R = default;
        Vector512<float> c5L = default, c5R = default;
        Vector512<float> c6L = default, c6R = default;
        Vector512<float> c7L = default, c7R = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b), bR = Vector512.Load(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L); c0R = Vector512.FusedMultiplyAdd(ai, bR, c0R);
            ai = Vector512.Create(a[1]); c1L = Vector512.FusedMultiplyAdd(ai, bL, c1L); c1R = Vector512.FusedMultiplyAdd(ai, bR, c1R);
            ai = Vector512.Create(a[2]); c2L = Vector512.FusedMultiplyAdd(ai, bL, c2L); c2R = Vector512.FusedMultiplyAdd(ai, bR, c2R);
            ai = Vector512.Create(a[3]); c3L = Vector512.FusedMultiplyAdd(ai, bL, c3L); c3R = Vector512.FusedMultiplyAdd(ai, bR, c3R);
            ai = Vector512.Create(a[4]); c4L = Vector512.FusedMultiplyAdd(ai, bL, c4L); c4R = Vector512.FusedMultiplyAdd(ai, bR, c4R);
            ai = Vector512.Create(a[5]); c5L = Vector512.FusedMultiplyAdd(ai, bL, c5L); c5R = Vector512.FusedMultiplyAdd(ai, bR, c5R);
            ai = Vector512.Create(a[6]); c6L = Vector512.FusedMultiplyAdd(ai, bL, c6L); c6R = Vector512.FusedMultiplyAdd(ai, bR, c6R);
            ai = Vector512.Create(a[7]); c7L = Vector512.FusedMultiplyAdd(ai, bL, c7L); c7R = Vector512.FusedMultiplyAdd(ai, bR, c7R);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc); c0R.Store(c + 0 * ldc + 16);
            c1L.Store(c + 1 * ldc); c1R.Store(c + 1 * ldc + 16);
            c2L.Store(c + 2 * ldc); c2R.Store(c + 2 * ldc + 16);
            c3L.Store(c + 3 * ldc); c3R.Store(c + 3 * ldc + 16);
            c4L.Store(c + 4 * ldc); c4R.Store(c + 4 * ldc + 16);
            c5L.Store(c + 5 * ldc); c5R.Store(c + 5 * ldc + 16);
            c6L.Store(c + 6 * ldc); c6R.Store(c + 6 * ldc + 16);
            c7L.Store(c + 7 * ldc); c7R.Store(c + 7 * ldc + 16);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc); (Vector512.Load(c + 0 * ldc + 16) + c0R).Store(c + 0 * ldc + 16);
            (Vector512.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc); (Vector512.Load(c + 1 * ldc + 16) + c1R).Store(c + 1 * ldc + 16);
            (Vector512.Load(c + 2 * ldc) + c2L).Store(c + 2 * ldc); (Vector512.Load(c + 2 * ldc + 16) + c2R).Store(c + 2 * ldc + 16);
            (Vector512.Load(c + 3 * ldc) + c3L).Store(c + 3 * ldc); (Vector512.Load(c + 3 * ldc + 16) + c3R).Store(c + 3 * ldc + 16);
            (Vector512.Load(c + 4 * ldc) + c4L).Store(c + 4 * ldc); (Vector512.Load(c + 4 * ldc + 16) + c4R).Store(c + 4 * ldc + 16);
            (Vector512.Load(c + 5 * ldc) + c5L).Store(c + 5 * ldc); (Vector512.Load(c + 5 * ldc + 16) + c5R).Store(c + 5 * ldc + 16);
            (Vector512.Load(c + 6 * ldc) + c6L).Store(c + 6 * ldc); (Vector512.Load(c + 6 * ldc + 16) + c6R).Store(c + 6 * ldc + 16);
            (Vector512.Load(c + 7 * ldc) + c7L).Store(c + 7 * ldc); (Vector512.Load(c + 7 * ldc + 16) + c7R).Store(c + 7 * ldc + 16);
        }
    }

    /// <summary>Edge kernel: the first 8 rows and 16 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile8x16(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default;
        Vector512<float> c1L = default;
        Vector512<float> c2L = default;
        Vector512<float> c3L = default;
        Vector512<float> c4L = default;
        Vector512<float> c5L = default;
        Vector512<float> c6L = default;
        Vector512<float> c7L = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L);
            ai = Vector512.Create(a[1]); c1L = Vector512.FusedMultiplyAdd(ai, bL, c1L);
            ai = Vector512.Create(a[2]); c2L = Vector512.FusedMultiplyAdd(ai, bL, c2L);
            ai = Vector512.Create(a[3]); c3L = Vector512.FusedMultiplyAdd(ai, bL, c3L);
            ai = Vector512.Create(a[4]); c4L = Vector512.FusedMultiplyAdd(ai, bL, c4L);
            ai = Vector512.Create(a[5]); c5L = Vector512.FusedMultiplyAdd(ai, bL, c5L);
            ai = Vector512.Create(a[6]); c6L = Vector512.FusedMultiplyAdd(ai, bL, c6L);
            ai = Vector512.Create(a[7]); c7L = Vector512.FusedMultiplyAdd(ai, bL, c7L);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc);
            c1L.Store(c + 1 * ldc);
            c2L.Store(c + 2 * ldc);
            c3L.Store(c + 3 * ldc);
            c4L.Store(c + 4 * ldc);
            c5L.Store(c + 5 * ldc);
            c6L.Store(c + 6 * ldc);
            c7L.Store(c + 7 * ldc);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc);
            (Vector512.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc);
            (Vector512.Load(c + 2 * ldc) + c2L).Store(c + 2 * ldc);
            (Vector512.Load(c + 3 * ldc) + c3L).Store(c + 3 * ldc);
            (Vector512.Load(c + 4 * ldc) + c4L).Store(c + 4 * ldc);
            (Vector512.Load(c + 5 * ldc) + c5L).Store(c + 5 * ldc);
            (Vector512.Load(c + 6 * ldc) + c6L).Store(c + 6 * ldc);
            (Vector512.Load(c + 7 * ldc) + c7L).Store(c + 7 * ldc);
        }
    }

    /// <summary>Edge kernel: the first 4 rows and 32 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile4x32(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default, c0R = default;
        Vector512<float> c1L = default, c1R = default;
        Vector512<float> c2L = default, c2R = default;
        Vector512<float> c3L = default, c3R = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b), bR = Vector512.Load(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L); c0R = Vector512.FusedMultiplyAdd(ai, bR, c0R);
            ai = Vector512.Create(a[1]); c1L = Vector512.FusedMultiplyAdd(ai, bL, c1L); c1R = Vector512.FusedMultiplyAdd(ai, bR, c1R);
            ai = Vector512.Create(a[2]); c2L = Vector512.FusedMultiplyAdd(ai, bL, c2L); c2R = Vector512.FusedMultiplyAdd(ai, bR, c2R);
            ai = Vector512.Create(a[3]); c3L = Vector512.FusedMultiplyAdd(ai, bL, c3L); c3R = Vector512.FusedMultiplyAdd(ai, bR, c3R);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc); c0R.Store(c + 0 * ldc + 16);
            c1L.Store(c + 1 * ldc); c1R.Store(c + 1 * ldc + 16);
            c2L.Store(c + 2 * ldc); c2R.Store(c + 2 * ldc + 16);
            c3L.Store(c + 3 * ldc); c3R.Store(c + 3 * ldc + 16);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc); (Vector512.Load(c + 0 * ldc + 16) + c0R).Store(c + 0 * ldc + 16);
            (Vector512.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc); (Vector512.Load(c + 1 * ldc + 16) + c1R).Store(c + 1 * ldc + 16);
            (Vector512.Load(c + 2 * ldc) + c2L).Store(c + 2 * ldc); (Vector512.Load(c + 2 * ldc + 16) + c2R).Store(c + 2 * ldc + 16);
            (Vector512.Load(c + 3 * ldc) + c3L).Store(c + 3 * ldc); (Vector512.Load(c + 3 * ldc + 16) + c3R).Store(c + 3 * ldc + 16);
        }
    }

    /// <summary>Edge kernel: the first 4 rows and 16 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile4x16(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default;
        Vector512<float> c1L = default;
        Vector512<float> c2L = default;
        Vector512<float> c3L = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L);
            ai = Vector512.Create(a[1]); c1L = Vector512.FusedMultiplyAdd(ai, bL, c1L);
            ai = Vector512.Create(a[2]); c2L = Vector512.FusedMultiplyAdd(ai, bL, c2L);
            ai = Vector512.Create(a[3]); c3L = Vector512.FusedMultiplyAdd(ai, bL, c3L);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc);
            c1L.Store(c + 1 * ldc);
            c2L.Store(c + 2 * ldc);
            c3L.Store(c + 3 * ldc);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc);
            (Vector512.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc);
            (Vector512.Load(c + 2 * ldc) + c2L).Store(c + 2 * ldc);
            (Vector512.Load(c + 3 * ldc) + c3L).Store(c + 3 * ldc);
        }
    }

    /// <summary>Edge kernel: the first 2 rows and 32 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile2x32(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default, c0R = default;
        Vector512<float> c1L = default, c1R = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b), bR = Vector512.Load(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L); c0R = Vector512.FusedMultiplyAdd(ai, bR, c0R);
            ai = Vector512.Create(a[1]); c1L = Vector512.FusedMultiplyAdd(ai, bL, c1L); c1R = Vector512.FusedMultiplyAdd(ai, bR, c1R);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc); c0R.Store(c + 0 * ldc + 16);
            c1L.Store(c + 1 * ldc); c1R.Store(c + 1 * ldc + 16);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc); (Vector512.Load(c + 0 * ldc + 16) + c0R).Store(c + 0 * ldc + 16);
            (Vector512.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc); (Vector512.Load(c + 1 * ldc + 16) + c1R).Store(c + 1 * ldc + 16);
        }
    }

    /// <summary>Edge kernel: the first 2 rows and 16 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile2x16(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default;
        Vector512<float> c1L = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L);
            ai = Vector512.Create(a[1]); c1L = Vector512.FusedMultiplyAdd(ai, bL, c1L);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc);
            c1L.Store(c + 1 * ldc);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc);
            (Vector512.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc);
        }
    }

    /// <summary>Edge kernel: the first 1 rows and 32 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile1x32(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default, c0R = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b), bR = Vector512.Load(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L); c0R = Vector512.FusedMultiplyAdd(ai, bR, c0R);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc); c0R.Store(c + 0 * ldc + 16);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc); (Vector512.Load(c + 0 * ldc + 16) + c0R).Store(c + 0 * ldc + 16);
        }
    }

    /// <summary>Edge kernel: the first 1 rows and 16 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile1x16(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc);
        }
    }

    /// <summary>Edge kernel: the first 14 rows and 16 columns of a 14×32 tile (same packed slivers, same per-element sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector512Tile14x16(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c0L = default;
        Vector512<float> c1L = default;
        Vector512<float> c2L = default;
        Vector512<float> c3L = default;
        Vector512<float> c4L = default;
        Vector512<float> c5L = default;
        Vector512<float> c6L = default;
        Vector512<float> c7L = default;
        Vector512<float> c8L = default;
        Vector512<float> c9L = default;
        Vector512<float> c10L = default;
        Vector512<float> c11L = default;
        Vector512<float> c12L = default;
        Vector512<float> c13L = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bL = Vector512.Load(b);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c0L = Vector512.FusedMultiplyAdd(ai, bL, c0L);
            ai = Vector512.Create(a[1]); c1L = Vector512.FusedMultiplyAdd(ai, bL, c1L);
            ai = Vector512.Create(a[2]); c2L = Vector512.FusedMultiplyAdd(ai, bL, c2L);
            ai = Vector512.Create(a[3]); c3L = Vector512.FusedMultiplyAdd(ai, bL, c3L);
            ai = Vector512.Create(a[4]); c4L = Vector512.FusedMultiplyAdd(ai, bL, c4L);
            ai = Vector512.Create(a[5]); c5L = Vector512.FusedMultiplyAdd(ai, bL, c5L);
            ai = Vector512.Create(a[6]); c6L = Vector512.FusedMultiplyAdd(ai, bL, c6L);
            ai = Vector512.Create(a[7]); c7L = Vector512.FusedMultiplyAdd(ai, bL, c7L);
            ai = Vector512.Create(a[8]); c8L = Vector512.FusedMultiplyAdd(ai, bL, c8L);
            ai = Vector512.Create(a[9]); c9L = Vector512.FusedMultiplyAdd(ai, bL, c9L);
            ai = Vector512.Create(a[10]); c10L = Vector512.FusedMultiplyAdd(ai, bL, c10L);
            ai = Vector512.Create(a[11]); c11L = Vector512.FusedMultiplyAdd(ai, bL, c11L);
            ai = Vector512.Create(a[12]); c12L = Vector512.FusedMultiplyAdd(ai, bL, c12L);
            ai = Vector512.Create(a[13]); c13L = Vector512.FusedMultiplyAdd(ai, bL, c13L);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc);
            c1L.Store(c + 1 * ldc);
            c2L.Store(c + 2 * ldc);
            c3L.Store(c + 3 * ldc);
            c4L.Store(c + 4 * ldc);
            c5L.Store(c + 5 * ldc);
            c6L.Store(c + 6 * ldc);
            c7L.Store(c + 7 * ldc);
            c8L.Store(c + 8 * ldc);
            c9L.Store(c + 9 * ldc);
            c10L.Store(c + 10 * ldc);
            c11L.Store(c + 11 * ldc);
            c12L.Store(c + 12 * ldc);
            c13L.Store(c + 13 * ldc);
        }
        else
        {
            (Vector512.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc);
            (Vector512.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc);
            (Vector512.Load(c + 2 * ldc) + c2L).Store(c + 2 * ldc);
            (Vector512.Load(c + 3 * ldc) + c3L).Store(c + 3 * ldc);
            (Vector512.Load(c + 4 * ldc) + c4L).Store(c + 4 * ldc);
            (Vector512.Load(c + 5 * ldc) + c5L).Store(c + 5 * ldc);
            (Vector512.Load(c + 6 * ldc) + c6L).Store(c + 6 * ldc);
            (Vector512.Load(c + 7 * ldc) + c7L).Store(c + 7 * ldc);
            (Vector512.Load(c + 8 * ldc) + c8L).Store(c + 8 * ldc);
            (Vector512.Load(c + 9 * ldc) + c9L).Store(c + 9 * ldc);
            (Vector512.Load(c + 10 * ldc) + c10L).Store(c + 10 * ldc);
            (Vector512.Load(c + 11 * ldc) + c11L).Store(c + 11 * ldc);
            (Vector512.Load(c + 12 * ldc) + c12L).Store(c + 12 * ldc);
            (Vector512.Load(c + 13 * ldc) + c13L).Store(c + 13 * ldc);
        }
    }

    /// <summary>Vector256 micro-kernel (AVX2 machines): a 6×16 tile of C in 12 registers, same scheme as <see cref="Vector512Tile"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Vector256Tile(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        Vector256<float> c0L = default, c0R = default;
        Vector256<float> c1L = default, c1R = default;
        Vector256<float> c2L = default, c2R = default;
        Vector256<float> c3L = default, c3R = default;
        Vector256<float> c4L = default, c4R = default;
        Vector256<float> c5L = default, c5R = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> bL = Vector256.Load(b), bR = Vector256.Load(b + 8);
            Vector256<float> ai;
            ai = Vector256.Create(a[0]); c0L = Vector256.FusedMultiplyAdd(ai, bL, c0L); c0R = Vector256.FusedMultiplyAdd(ai, bR, c0R);
            ai = Vector256.Create(a[1]); c1L = Vector256.FusedMultiplyAdd(ai, bL, c1L); c1R = Vector256.FusedMultiplyAdd(ai, bR, c1R);
            ai = Vector256.Create(a[2]); c2L = Vector256.FusedMultiplyAdd(ai, bL, c2L); c2R = Vector256.FusedMultiplyAdd(ai, bR, c2R);
            ai = Vector256.Create(a[3]); c3L = Vector256.FusedMultiplyAdd(ai, bL, c3L); c3R = Vector256.FusedMultiplyAdd(ai, bR, c3R);
            ai = Vector256.Create(a[4]); c4L = Vector256.FusedMultiplyAdd(ai, bL, c4L); c4R = Vector256.FusedMultiplyAdd(ai, bR, c4R);
            ai = Vector256.Create(a[5]); c5L = Vector256.FusedMultiplyAdd(ai, bL, c5L); c5R = Vector256.FusedMultiplyAdd(ai, bR, c5R);
            a += aStep;
            b += bStep;
        }
        if (overwrite)
        {
            c0L.Store(c + 0 * ldc); c0R.Store(c + 0 * ldc + 8);
            c1L.Store(c + 1 * ldc); c1R.Store(c + 1 * ldc + 8);
            c2L.Store(c + 2 * ldc); c2R.Store(c + 2 * ldc + 8);
            c3L.Store(c + 3 * ldc); c3R.Store(c + 3 * ldc + 8);
            c4L.Store(c + 4 * ldc); c4R.Store(c + 4 * ldc + 8);
            c5L.Store(c + 5 * ldc); c5R.Store(c + 5 * ldc + 8);
        }
        else
        {
            (Vector256.Load(c + 0 * ldc) + c0L).Store(c + 0 * ldc); (Vector256.Load(c + 0 * ldc + 8) + c0R).Store(c + 0 * ldc + 8);
            (Vector256.Load(c + 1 * ldc) + c1L).Store(c + 1 * ldc); (Vector256.Load(c + 1 * ldc + 8) + c1R).Store(c + 1 * ldc + 8);
            (Vector256.Load(c + 2 * ldc) + c2L).Store(c + 2 * ldc); (Vector256.Load(c + 2 * ldc + 8) + c2R).Store(c + 2 * ldc + 8);
            (Vector256.Load(c + 3 * ldc) + c3L).Store(c + 3 * ldc); (Vector256.Load(c + 3 * ldc + 8) + c3R).Store(c + 3 * ldc + 8);
            (Vector256.Load(c + 4 * ldc) + c4L).Store(c + 4 * ldc); (Vector256.Load(c + 4 * ldc + 8) + c4R).Store(c + 4 * ldc + 8);
            (Vector256.Load(c + 5 * ldc) + c5L).Store(c + 5 * ldc); (Vector256.Load(c + 5 * ldc + 8) + c5R).Store(c + 5 * ldc + 8);
        }
    }

    /// <summary>Scalar micro-kernel (no SIMD): a 4×4 tile of C in 16 locals; MathF.FusedMultiplyAdd keeps rounding equal to the SIMD kernels' per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void ScalarTile(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, bool overwrite)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0]; c00 = MathF.FusedMultiplyAdd(a0, b0, c00); c01 = MathF.FusedMultiplyAdd(a0, b1, c01); c02 = MathF.FusedMultiplyAdd(a0, b2, c02); c03 = MathF.FusedMultiplyAdd(a0, b3, c03);
            float a1 = a[1]; c10 = MathF.FusedMultiplyAdd(a1, b0, c10); c11 = MathF.FusedMultiplyAdd(a1, b1, c11); c12 = MathF.FusedMultiplyAdd(a1, b2, c12); c13 = MathF.FusedMultiplyAdd(a1, b3, c13);
            float a2 = a[2]; c20 = MathF.FusedMultiplyAdd(a2, b0, c20); c21 = MathF.FusedMultiplyAdd(a2, b1, c21); c22 = MathF.FusedMultiplyAdd(a2, b2, c22); c23 = MathF.FusedMultiplyAdd(a2, b3, c23);
            float a3 = a[3]; c30 = MathF.FusedMultiplyAdd(a3, b0, c30); c31 = MathF.FusedMultiplyAdd(a3, b1, c31); c32 = MathF.FusedMultiplyAdd(a3, b2, c32); c33 = MathF.FusedMultiplyAdd(a3, b3, c33);
            a += aStep;
            b += bStep;
        }
        float* row0 = c + 0 * ldc;
        float* row1 = c + 1 * ldc;
        float* row2 = c + 2 * ldc;
        float* row3 = c + 3 * ldc;
        if (overwrite)
        {
            row0[0] = c00; row0[1] = c01; row0[2] = c02; row0[3] = c03;
            row1[0] = c10; row1[1] = c11; row1[2] = c12; row1[3] = c13;
            row2[0] = c20; row2[1] = c21; row2[2] = c22; row2[3] = c23;
            row3[0] = c30; row3[1] = c31; row3[2] = c32; row3[3] = c33;
        }
        else
        {
            row0[0] += c00; row0[1] += c01; row0[2] += c02; row0[3] += c03;
            row1[0] += c10; row1[1] += c11; row1[2] += c12; row1[3] += c13;
            row2[0] += c20; row2[1] += c21; row2[2] += c22; row2[3] += c23;
            row3[0] += c30; row3[1] += c31; row3[2] += c32; row3[3] += c33;
        }
    }
}
