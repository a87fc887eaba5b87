using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.LinearRegression;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Closed-form linear least squares in double precision (MathNet.Numerics), for the lectures that compare training
/// by gradient descent with the exact answer: polynomial fits (overfitting) and minimum-norm solutions (double descent).
/// Plain arrays in and out, so notebooks need no MathNet types.
/// </summary>
public static class LeastSquares
{
    /// <summary>
    /// Coefficients c₀..c_order of the polynomial p(x) = Σ cₖ xᵏ minimising Σ (p(xᵢ) − yᵢ)² (a QR solve of the
    /// Vandermonde system). With order + 1 = N points the polynomial passes through every point.
    /// </summary>
    public static double[] PolynomialFit(IReadOnlyList<double> x, IReadOnlyList<double> y, int order)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"LeastSquares.PolynomialFit: {x.Count} x values but {y.Count} y values.");
        if (order < 0 || order + 1 > x.Count)
            throw new ArgumentOutOfRangeException(nameof(order), order, $"LeastSquares.PolynomialFit: order must be in 0..{x.Count - 1} for {x.Count} points (order + 1 coefficients).");
        return Fit.Polynomial(x.ToArray(), y.ToArray(), order, DirectRegressionMethod.QR);
    }

    /// <summary>p(x) = Σ cₖ xᵏ (Horner's rule).</summary>
    public static double EvaluatePolynomial(IReadOnlyList<double> coefficients, double x)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        double value = 0;
        for (int k = coefficients.Count - 1; k >= 0; k--) value = value * x + coefficients[k];
        return value;
    }

    /// <summary>
    /// The minimum-norm least-squares solution w = A⁺b of A w ≈ b (pseudo-inverse via the SVD; singular values below
    /// <paramref name="relativeTolerance"/>·σ_max are treated as zero). With more columns than rows it interpolates
    /// b exactly and, among all interpolating w, picks the one with the smallest ‖w‖.
    /// </summary>
    public static double[] MinimumNorm(double[,] a, IReadOnlyList<double> b, double relativeTolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(0) != b.Count) throw new ArgumentException($"LeastSquares.MinimumNorm: A has {a.GetLength(0)} rows but b has {b.Count} values.");
        var matrix = Matrix<double>.Build.DenseOfArray(a);
        var target = Vector<double>.Build.DenseOfEnumerable(b);
        if (matrix.ColumnCount > matrix.RowCount)
        {
            // Wide (more unknowns than equations): with Aᵀ = QR (thin, Q p×n), every solution of A w = b is
            // w = Q R⁻ᵀ b + (something orthogonal to Q's columns); the minimum-norm one drops the second part.
            // O(p·n²) instead of a full p×p SVD. Falls back to the SVD when A is (numerically) rank-deficient.
            var qr = matrix.Transpose().QR(QRMethod.Thin);
            var diagonal = qr.R.Diagonal().Select(Math.Abs).ToArray();
            if (diagonal.Min() > relativeTolerance * diagonal.Max())
                return (qr.Q * qr.R.Transpose().Solve(target)).ToArray();
        }
        var svd = matrix.Svd(computeVectors: true);
        var s = svd.S;
        double cutoff = relativeTolerance * (s.Count == 0 ? 0 : s.Maximum());
        var ub = svd.U.TransposeThisAndMultiply(target);
        var coefficients = Vector<double>.Build.Dense(matrix.ColumnCount);
        for (int i = 0; i < s.Count; i++)
        {
            if (s[i] > cutoff) coefficients[i] = ub[i] / s[i];
        }
        return svd.VT.TransposeThisAndMultiply(coefficients).ToArray();
    }
}
