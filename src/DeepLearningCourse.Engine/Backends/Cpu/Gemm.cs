using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Single-precision matrix multiply (SGEMM) on row-major matrices: C = op(A) · op(B), or C += op(A) · op(B).
/// op(A) is [m, k]: A is stored as [m, k], or as [k, m] when <c>transposeA</c>; likewise op(B) is [k, n].
/// </summary>
public static class Gemm
{
    /// <summary>The engine's matrix multiply (the fast path).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        CheckLengths(a, b, c, m, n, k);
        Reference(a, b, c, m, n, k, transposeA, transposeB, accumulate);
    }

    /// <summary>
    /// The readable reference: for each row i of C and each k, add A[i, k] times row k of B (i-k-j order, so the
    /// inner loop runs along contiguous rows). Every fast path is tested equal to this.
    /// </summary>
    public static void Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        CheckLengths(a, b, c, m, n, k);
        if (!accumulate) c[..(m * n)].Clear();
        float[]? bRow = transposeB ? new float[n] : null;
        for (int i = 0; i < m; i++)
        {
            Span<float> cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float aip = transposeA ? a[p * m + i] : a[i * k + p];
                if (aip == 0) continue;
                ReadOnlySpan<float> row;
                if (bRow is null)
                {
                    row = b.Slice(p * n, n);
                }
                else
                {
                    for (int j = 0; j < n; j++) bRow[j] = b[j * k + p];
                    row = bRow;
                }
                TensorPrimitives.MultiplyAdd(row, aip, cRow, cRow);
            }
        }
    }

    private static void CheckLengths(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Gemm: sizes m={m}, n={n}, k={k} must not be negative.");
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
            throw new ArgumentException($"Gemm: buffers too small for m={m}, n={n}, k={k}: A has {a.Length} (needs {m * k}), B has {b.Length} (needs {k * n}), C has {c.Length} (needs {m * n}).");
    }
}
