using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

// Products with a narrow C (a 10-class output layer), computed as their transpose.
public static partial class Gemm
{
    /// <summary>Widest C (columns) computed as its transpose (see <see cref="TransposesNarrowProduct"/>).</summary>
    internal const int NarrowColumns = 10;

    /// <summary>
    /// True for a product with a narrow C (at most <see cref="NarrowColumns"/> columns, such as a 10-class output
    /// layer) and one k block, which the Vector512 kernels compute faster as Cᵀ = op(B)ᵀ · op(A)ᵀ: C's few columns
    /// become rows of 32-wide tiles instead of a 16-wide vector mostly padding (128×256 · 256×10: 9.0 → 6.4 µs,
    /// writing C back included). Each element is the same FMA chain over k with the two factors swapped, and the bias
    /// is added after the one block either way, so the bits are the same.
    /// </summary>
    internal static bool TransposesNarrowProduct(GemmKernelKind kernel, int m, int n, int k, bool accumulate, bool columnSums, bool gated) =>
        kernel == GemmKernelKind.Vector512 && !ComputeNarrowProductsDirectly && n <= NarrowColumns && m >= 2 * GemmKernels.Vector512Rows
        && k <= MaxBlockK && !accumulate && !columnSums && !gated;

    /// <summary>Tests set this to compute narrow products directly, to compare with their transposed form.</summary>
    internal static bool ComputeNarrowProductsDirectly { get; set; }

    /// <summary>
    /// C = op(A)·op(B) (+ bias, ReLU) computed as Cᵀ [n, m] into a per-thread buffer; column j's bias is added to
    /// row j of Cᵀ in one call (m values rather than n per row of C), then Cᵀ is written back and rectified.
    /// </summary>
    private static unsafe void MultiplyNarrowTransposed(GemmKernelKind kernel, int parts, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool transposeA, bool transposeB, ReadOnlySpan<float> bias, bool relu)
    {
        var transposed = new Span<float>(GemmWorkspace.ForCurrentThread(0, 0).TransposedC(n * m), n * m);
        Multiply(kernel, parts, b, a, transposed, n, m, k, !transposeB, !transposeA, accumulate: false);
        if (!bias.IsEmpty)
        {
            for (int j = 0; j < n; j++) TensorPrimitives.Add(transposed.Slice(j * m, m), bias[j], transposed.Slice(j * m, m));
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++) c[i * n + j] = transposed[j * m + i];
        }
        if (relu) ReluNode.Rectify(c[..(m * n)], c[..(m * n)]);
    }
}
