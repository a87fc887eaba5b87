namespace DeepLearningCourse.Engine;

/// <summary>What <see cref="PowerIteration"/> found.</summary>
/// <param name="Eigenvalue">The dominant eigenvalue (largest |λ|), with its sign, as the Rayleigh quotient vᵀAv of the last unit vector.</param>
/// <param name="Eigenvector">That unit vector.</param>
/// <param name="Iterations">Matrix-vector products used.</param>
/// <param name="Estimates">The Rayleigh quotient after each product (for a convergence plot).</param>
/// <param name="Converged">True when two successive estimates agreed within the relative tolerance before the iteration limit.</param>
public sealed record PowerIterationResult(double Eigenvalue, double[] Eigenvector, int Iterations, IReadOnlyList<double> Estimates, bool Converged);

/// <summary>
/// The dominant eigenvalue of a symmetric matrix that is only available as a product v ↦ Av (e.g. a Hessian-vector
/// product, where the matrix itself would have P² entries). Repeat v ← Av / ‖Av‖: the component along the eigenvector
/// with the largest |λ| grows fastest, so v turns towards it, and the error shrinks like |λ₂/λ₁|ᵏ. The estimate is the
/// Rayleigh quotient λ ≈ vᵀAv for the current unit vector v.
/// </summary>
/// <remarks>
/// It finds the eigenvalue of largest <b>magnitude</b>: at a minimum of a loss all Hessian eigenvalues are ≥ 0, so that
/// is λ_max; near a saddle a large negative eigenvalue can win instead, and the result keeps its sign.
/// </remarks>
public static class PowerIteration
{
    /// <summary>
    /// Power iteration on <paramref name="multiply"/> (v ↦ Av for a symmetric n×n matrix A, with n = <paramref name="dimension"/>)
    /// from a random start drawn from <paramref name="random"/>. Stops when |λₖ − λₖ₋₁| ≤ tolerance·|λₖ| or after
    /// <paramref name="maxIterations"/> products.
    /// </summary>
    public static PowerIterationResult LargestEigenvalue(Func<double[], double[]> multiply, int dimension, Random random,
        int maxIterations = 100, double relativeTolerance = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(multiply);
        ArgumentNullException.ThrowIfNull(random);
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "PowerIteration: the dimension must be ≥ 1.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "PowerIteration: maxIterations must be ≥ 1.");
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "PowerIteration: the tolerance must be ≥ 0.");

        var v = new double[dimension];
        for (int i = 0; i < dimension; i++) v[i] = Tensor.SampleStandardNormal(random);
        Normalize(v);
        var estimates = new List<double>();
        double previous = double.NaN;
        for (int k = 1; k <= maxIterations; k++)
        {
            double[] av = multiply(v);
            if (av is null || av.Length != dimension)
                throw new ArgumentException($"PowerIteration: the product returned {(av is null ? "null" : $"{av.Length} values")} for a vector of {dimension}; it must return Av with the same length as v.", nameof(multiply));
            double lambda = Dot(v, av);
            if (!double.IsFinite(lambda))
                throw new NumericsException($"PowerIteration: the product gave a non-finite value after {k} iterations (Rayleigh quotient {lambda}); check the matrix-vector product for NaN or overflow.");
            estimates.Add(lambda);
            double norm = Math.Sqrt(Dot(av, av));
            // Av = 0: v lies in the null space. With a random start that means A = 0 (to rounding), whose eigenvalue is 0.
            if (norm == 0) return new PowerIterationResult(0, v, k, estimates, Converged: true);
            bool converged = Math.Abs(lambda - previous) <= relativeTolerance * Math.Abs(lambda);
            for (int i = 0; i < dimension; i++) v[i] = av[i] / norm;
            if (converged) return new PowerIterationResult(lambda, v, k, estimates, Converged: true);
            previous = lambda;
        }
        return new PowerIterationResult(estimates[^1], v, maxIterations, estimates, Converged: false);
    }

    /// <summary>Power iteration on an explicit symmetric matrix (small examples, exercises, tests).</summary>
    public static PowerIterationResult LargestEigenvalue(double[,] symmetric, Random random, int maxIterations = 1000, double relativeTolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(symmetric);
        int n = symmetric.GetLength(0);
        if (n != symmetric.GetLength(1))
            throw new ArgumentException($"PowerIteration: the matrix must be square, got {n}×{symmetric.GetLength(1)}.", nameof(symmetric));
        return LargestEigenvalue(v =>
        {
            var av = new double[n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) av[i] += symmetric[i, j] * v[j];
            return av;
        }, n, random, maxIterations, relativeTolerance);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Normalize(double[] v)
    {
        double norm = Math.Sqrt(Dot(v, v));
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
    }
}
