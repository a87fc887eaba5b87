using MathNet.Numerics.LinearAlgebra;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The curvature of a loss at a point: its Hessian (second derivatives) estimated from autodiff gradients, and the
/// Hessian's eigenvalues (MathNet.Numerics). Gradient descent with step η is stable on a quadratic only when
/// η &lt; 2/λ_max, so the largest eigenvalue sets the largest usable learning rate.
/// </summary>
public static class Curvature
{
    /// <summary>
    /// The Hessian of <paramref name="loss"/> (a function of one parameter vector returning a scalar tensor) at
    /// <paramref name="point"/>, by central differences of the autodiff gradient:
    /// column j = (∇L(θ + h·e_j) − ∇L(θ − h·e_j)) / 2h, then symmetrised. Exact (up to rounding) for a quadratic.
    /// </summary>
    public static double[,] Hessian(Func<Tensor, Tensor> loss, IReadOnlyList<float> point, double step = 1e-2)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(point);
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step), step, "Curvature.Hessian: the finite-difference step must be > 0.");
        int n = point.Count;
        var h = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            var plus = Gradient(loss, point, j, +step);
            var minus = Gradient(loss, point, j, -step);
            for (int i = 0; i < n; i++) h[i, j] = (plus[i] - minus[i]) / (2 * step);
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double mean = 0.5 * (h[i, j] + h[j, i]);
                h[i, j] = mean;
                h[j, i] = mean;
            }
        return h;
    }

    /// <summary>Eigenvalues of a symmetric matrix (e.g. a Hessian), ascending.</summary>
    public static double[] Eigenvalues(double[,] symmetric)
    {
        ArgumentNullException.ThrowIfNull(symmetric);
        if (symmetric.GetLength(0) != symmetric.GetLength(1))
            throw new ArgumentException($"Curvature.Eigenvalues: the matrix must be square, got {symmetric.GetLength(0)}×{symmetric.GetLength(1)}.");
        var evd = Matrix<double>.Build.DenseOfArray(symmetric).Evd(Symmetricity.Symmetric);
        return evd.EigenValues.Select(c => c.Real).Order().ToArray();
    }

    private static double[] Gradient(Func<Tensor, Tensor> loss, IReadOnlyList<float> point, int coordinate, double offset)
    {
        var values = point.ToArray();
        values[coordinate] = (float)(values[coordinate] + offset);
        var theta = Tensor.FromArray(values).WithGrad();
        var value = loss(theta);
        if (value.Size != 1) throw new ShapeException($"Curvature.Hessian: the loss must be a scalar, got {Tensor.ShapeText(value.Shape)}.");
        value.Backward();
        return theta.Grad is null ? new double[values.Length] : theta.Grad.Data.Select(g => (double)g).ToArray();
    }
}
