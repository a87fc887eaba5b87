namespace DeepLearningCourse.Engine;

/// <summary>
/// The sizes and memory layout of one SGEMM call C[M, N] = op(A)[M, K] · op(B)[K, N] (+ C when accumulating),
/// passed to every SGEMM kernel as a single struct argument.
/// </summary>
/// <remarks>
/// Element (i, p) of op(A) is read at <c>a[i * ARowStride + p * AColStride]</c>. A row-major [M, K] matrix has
/// strides (K, 1); a row-major [K, M] matrix used transposed has strides (1, M). Strides let one kernel read Aᵀ or Bᵀ
/// without copying, which the backward pass of a linear layer needs (dW = xᵀ · dy, dx = dy · Wᵀ).
/// C is always row-major [M, N].
/// </remarks>
public readonly struct GemmShape
{
    public GemmShape(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        M = m;
        N = n;
        K = k;
        ARowStride = transposeA ? 1 : k;
        AColStride = transposeA ? m : 1;
        BRowStride = transposeB ? 1 : n;
        BColStride = transposeB ? k : 1;
        Accumulate = accumulate ? 1 : 0;
        TransposeA = transposeA ? 1 : 0;
        TransposeB = transposeB ? 1 : 0;
    }

    /// <summary>Rows of C and of op(A).</summary>
    public int M { get; }

    /// <summary>Columns of C and of op(B).</summary>
    public int N { get; }

    /// <summary>The inner size: columns of op(A), rows of op(B).</summary>
    public int K { get; }

    public int ARowStride { get; }

    public int AColStride { get; }

    public int BRowStride { get; }

    public int BColStride { get; }

    /// <summary>1: C += op(A)·op(B); 0: C = op(A)·op(B). (An int, not a bool: kernel arguments must be blittable.)</summary>
    public int Accumulate { get; }

    /// <summary>1 when A is stored as [K, M] and used transposed.</summary>
    public int TransposeA { get; }

    /// <summary>1 when B is stored as [N, K] and used transposed.</summary>
    public int TransposeB { get; }

    /// <summary>Element (i, p) of op(A).</summary>
    public int AIndex(int row, int inner) => row * ARowStride + inner * AColStride;

    /// <summary>Element (p, j) of op(B).</summary>
    public int BIndex(int inner, int col) => inner * BRowStride + col * BColStride;

    /// <summary>Multiply-adds times two: the usual FLOP count of one SGEMM.</summary>
    public double Flops => 2.0 * M * N * K;
}
