using MathNet.Numerics.LinearAlgebra;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Compares the subspaces spanned by the rows of two matrices (e.g. PCA components and a linear autoencoder's decoder
/// weights), independently of the basis chosen within each subspace.
/// </summary>
public static class Subspaces
{
    /// <summary>
    /// Principal angles (radians, ascending) between span(rows of a [k, D]) and span(rows of b [m, D]): orthonormalise
    /// both with a QR decomposition, then the singular values of Qaᵀ·Qb are the cosines of the angles. All zero means
    /// the same subspace; π/2 means a direction of one is orthogonal to the other.
    /// </summary>
    public static double[] PrincipalAngles(Tensor a, Tensor b)
    {
        var qa = Orthonormal(a, "a");
        var qb = Orthonormal(b, "b");
        if (qa.RowCount != qb.RowCount)
            throw new ShapeException($"Subspaces.PrincipalAngles: a is {Tensor.ShapeText(a.Shape)} and b is {Tensor.ShapeText(b.Shape)}; both need rows of the same length D.");
        var cosines = qa.TransposeThisAndMultiply(qb).Svd(computeVectors: false).S;
        return cosines.Select(c => Math.Acos(Math.Clamp(c, -1.0, 1.0))).Order().ToArray();
    }

    /// <summary>
    /// ‖Pa − Pb‖_F, the Frobenius distance between the orthogonal projectors onto the two row spaces: 0 for the same
    /// subspace, √2·sin θ per angle θ otherwise (at most √(k + m)).
    /// </summary>
    public static double ProjectionDistance(Tensor a, Tensor b)
    {
        var qa = Orthonormal(a, "a");
        var qb = Orthonormal(b, "b");
        var pa = qa.TransposeAndMultiply(qa);
        var pb = qb.TransposeAndMultiply(qb);
        return (pa - pb).FrobeniusNorm();
    }

    /// <summary>[D, k] with orthonormal columns spanning the rows of t [k, D].</summary>
    private static Matrix<double> Orthonormal(Tensor t, string name)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Rank != 2 || t.Shape[0] < 1 || t.Shape[0] > t.Shape[1])
            throw new ShapeException($"Subspaces: {name} has shape {Tensor.ShapeText(t.Shape)}; it needs [k, D] with 1 ≤ k ≤ D (one basis vector per row).");
        int k = t.Shape[0], d = t.Shape[1];
        var m = Matrix<double>.Build.Dense(d, k, (i, j) => t.Data[j * d + i]);
        return m.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
    }
}
