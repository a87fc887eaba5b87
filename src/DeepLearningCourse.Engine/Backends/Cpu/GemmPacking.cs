using System.Runtime.CompilerServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Copies blocks of A and B into the order the micro-kernels read them (see <see cref="GemmKernels"/>), so the
/// kernels stream through contiguous memory whatever the stored layout. Transposition is handled here only.
/// Slivers narrower than the tile are padded with zeros, so the kernels always compute full tiles.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows [row0, row0 + rows) and steps [p0, p0 + kc) of op(A) [m, k] into slivers of
    /// <paramref name="tileRows"/> rows: sliver s holds, for each step p, the tileRows values A[s·tileRows + r, p].
    /// A is stored [m, k], or [k, m] when <paramref name="transposed"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, bool transposed, int m, int k, int row0, int rows, int p0, int kc, int tileRows, float* packed)
    {
        for (int s = 0; s < rows; s += tileRows)
        {
            int height = Math.Min(tileRows, rows - s);
            float* sliver = packed + (nint)s * kc;
            if (height < tileRows) new Span<float>(sliver, kc * tileRows).Clear();
            if (transposed)
            {
                // A(i, p) = a[p·m + i]: each step's rows are contiguous.
                float* source = a + (nint)p0 * m + row0 + s;
                for (int p = 0; p < kc; p++)
                {
                    float* from = source + (nint)p * m;
                    float* to = sliver + p * tileRows;
                    for (int r = 0; r < height; r++) to[r] = from[r];
                }
            }
            else
            {
                // A(i, p) = a[i·k + p]: read each row contiguously, write with stride tileRows.
                for (int r = 0; r < height; r++)
                {
                    float* from = a + (nint)(row0 + s + r) * k + p0;
                    float* to = sliver + r;
                    for (int p = 0; p < kc; p++) to[p * tileRows] = from[p];
                }
            }
        }
    }

    /// <summary>
    /// Packs steps [p0, p0 + kc) and columns [col0, col0 + cols) of op(B) [k, n] into slivers of
    /// <paramref name="tileColumns"/> columns: sliver s holds, for each step p, the values B[p, s·tileColumns + j].
    /// B is stored [k, n], or [n, k] when <paramref name="transposed"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, bool transposed, int n, int k, int col0, int cols, int p0, int kc, int tileColumns, float* packed)
    {
        for (int s = 0; s < cols; s += tileColumns)
        {
            int width = Math.Min(tileColumns, cols - s);
            float* sliver = packed + (nint)s * kc;
            if (width < tileColumns) new Span<float>(sliver, kc * tileColumns).Clear();
            if (transposed)
            {
                // B(p, j) = b[j·k + p]: read each stored row (a column of B) contiguously.
                for (int j = 0; j < width; j++)
                {
                    float* from = b + (nint)(col0 + s + j) * k + p0;
                    float* to = sliver + j;
                    for (int p = 0; p < kc; p++) to[p * tileColumns] = from[p];
                }
            }
            else
            {
                // B(p, j) = b[p·n + j]: each step is a contiguous run of the row.
                float* source = b + (nint)p0 * n + col0 + s;
                for (int p = 0; p < kc; p++)
                {
                    new ReadOnlySpan<float>(source + (nint)p * n, width).CopyTo(new Span<float>(sliver + p * tileColumns, width));
                }
            }
        }
    }
}
