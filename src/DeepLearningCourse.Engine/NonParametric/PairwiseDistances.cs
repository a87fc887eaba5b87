using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Squared Euclidean distances between every row of A [M, D] and every row of B [N, D], as a matrix [M, N]:
/// ‖a − b‖² = ‖a‖² − 2 a·b + ‖b‖². All M·N dot products come from one matrix product A·Bᵀ on the engine's fast GEMM
/// (2·M·N·D flops at matrix-multiply speed, instead of a loop of 3·M·N·D flops over the differences).
/// Rounding can make the expanded form slightly negative for (nearly) identical rows; such values are clamped to 0.
/// Not differentiable (no graph is recorded): it is the search step of nearest-neighbour methods.
/// </summary>
public static class PairwiseDistances
{
    /// <summary>Squared distances [M, N] between the rows of <paramref name="a"/> [M, D] and <paramref name="b"/> [N, D].</summary>
    public static Tensor Squared(Tensor a, Tensor b)
    {
        var (m, n, d) = Dimensions(a, b, "PairwiseDistances.Squared");
        var result = new float[m * n];
        Squared(a.Data, RowSquaredNorms(a.Data, m, d), b.Data, RowSquaredNorms(b.Data, n, d), result, m, n, d);
        return new Tensor(result, m, n);
    }

    /// <summary>
    /// The readable reference: Σ_t (a_it − b_jt)² for every pair, accumulated in double. <see cref="Squared(Tensor, Tensor)"/>
    /// is tested equal to this.
    /// </summary>
    public static Tensor SquaredReference(Tensor a, Tensor b)
    {
        var (m, n, d) = Dimensions(a, b, "PairwiseDistances.SquaredReference");
        var result = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int t = 0; t < d; t++)
                {
                    double diff = (double)a.Data[i * d + t] - b.Data[j * d + t];
                    sum += diff * diff;
                }
                result[i * n + j] = (float)sum;
            }
        }
        return new Tensor(result, m, n);
    }

    /// <summary>‖row‖² of each of the <paramref name="count"/> rows of length <paramref name="features"/>.</summary>
    public static float[] RowSquaredNorms(ReadOnlySpan<float> rows, int count, int features)
    {
        var norms = new float[count];
        for (int i = 0; i < count; i++) norms[i] = TensorPrimitives.SumOfSquares(rows.Slice(i * features, features));
        return norms;
    }

    /// <summary>
    /// The fast path on raw rows with precomputed squared norms: <paramref name="result"/>[i, j] =
    /// max(0, ‖a_i‖² − 2 a_i·b_j + ‖b_j‖²), for A [m, d] and B [n, d] (B is not transposed in memory: the GEMM reads it as Bᵀ).
    /// </summary>
    public static void Squared(ReadOnlySpan<float> a, ReadOnlySpan<float> aNorms, ReadOnlySpan<float> b, ReadOnlySpan<float> bNorms,
        Span<float> result, int m, int n, int d)
    {
        Gemm.Multiply(a[..(m * d)], b[..(n * d)], result[..(m * n)], m, n, d, transposeB: true);
        for (int i = 0; i < m; i++)
        {
            Span<float> row = result.Slice(i * n, n);
            TensorPrimitives.Multiply(row, -2f, row);
            TensorPrimitives.Add(row, bNorms[..n], row);
            TensorPrimitives.Add(row, aNorms[i], row);
            TensorPrimitives.Max(row, 0f, row);
        }
    }

    private static (int M, int N, int D) Dimensions(Tensor a, Tensor b, string op)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2)
            throw new ShapeException($"{op}: A is {Tensor.ShapeText(a.Shape)} and B is {Tensor.ShapeText(b.Shape)}; both must be rows of features [M, D] and [N, D] (flatten images first, e.g. x.Reshape(x.Shape[0], -1)).");
        if (a.Shape[1] != b.Shape[1])
            throw new ShapeException($"{op}: A is {Tensor.ShapeText(a.Shape)} but B is {Tensor.ShapeText(b.Shape)}; rows need the same number of features ({a.Shape[1]} vs {b.Shape[1]}).");
        return (a.Shape[0], b.Shape[0], a.Shape[1]);
    }
}
