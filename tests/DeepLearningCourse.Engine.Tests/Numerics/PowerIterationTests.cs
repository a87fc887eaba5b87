namespace DeepLearningCourse.Engine.Tests.Numerics;

public class PowerIterationTests
{
    [Fact]
    public void Finds_the_largest_eigenvalue_and_its_eigenvector_of_a_diagonal_matrix()
    {
        var r = PowerIteration.LargestEigenvalue(new double[,] { { 2, 0, 0 }, { 0, 5, 0 }, { 0, 0, -1 } }, new Random(0));
        Assert.True(r.Converged);
        Assert.Equal(5, r.Eigenvalue, 1e-8);
        Assert.Equal(1, Math.Abs(r.Eigenvector[1]), 1e-6);
        Assert.Equal(0, r.Eigenvector[0], 1e-4);
        Assert.Equal(0, r.Eigenvector[2], 1e-4);
    }

    [Fact]
    public void Agrees_with_a_full_eigendecomposition_of_a_random_symmetric_matrix()
    {
        var random = new Random(4);
        int n = 8;
        var b = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) b[i, j] = random.NextDouble() - 0.5;
        var a = new double[n, n];   // A = BᵀB + diag(0..7): symmetric positive definite
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++) a[i, j] += b[k, i] * b[k, j];
                if (i == j) a[i, j] += i;
            }
        double expected = Curvature.Eigenvalues(a)[^1];
        var r = PowerIteration.LargestEigenvalue(a, new Random(1));
        Assert.Equal(expected, r.Eigenvalue, 1e-6);
        // The vector is an eigenvector: ‖Av − λv‖ ≈ 0.
        double residual = 0;
        for (int i = 0; i < n; i++)
        {
            double av = 0;
            for (int j = 0; j < n; j++) av += a[i, j] * r.Eigenvector[j];
            residual += (av - r.Eigenvalue * r.Eigenvector[i]) * (av - r.Eigenvalue * r.Eigenvector[i]);
        }
        Assert.True(Math.Sqrt(residual) < 1e-3, $"residual {Math.Sqrt(residual)}");
    }

    [Fact]
    public void Keeps_the_sign_when_the_dominant_eigenvalue_is_negative()
    {
        var r = PowerIteration.LargestEigenvalue(new double[,] { { 1, 0 }, { 0, -4 } }, new Random(2));
        Assert.Equal(-4, r.Eigenvalue, 1e-8);
    }

    [Fact]
    public void Rayleigh_quotient_error_shrinks_by_the_squared_eigenvalue_ratio_each_step()
    {
        // diag(4, 2): v_k ∝ (4ᵏ a, 2ᵏ b), so λ − estimate ∝ (2/4)^(2k) for large k: each step divides the error by 4.
        var r = PowerIteration.LargestEigenvalue(v => [4 * v[0], 2 * v[1]], 2, new Random(3), maxIterations: 12, relativeTolerance: 0);
        var errors = r.Estimates.Select(e => 4 - e).ToArray();
        Assert.All(errors, e => Assert.True(e >= 0, "the Rayleigh quotient never exceeds λ_max"));
        for (int k = 4; k < 10; k++) Assert.Equal(0.25, errors[k + 1] / errors[k], 0.02);
        Assert.False(r.Converged);
        Assert.Equal(12, r.Iterations);
    }

    [Fact]
    public void The_zero_matrix_has_eigenvalue_zero()
    {
        var r = PowerIteration.LargestEigenvalue(v => new double[v.Length], 5, new Random(0));
        Assert.True(r.Converged);
        Assert.Equal(0, r.Eigenvalue);
    }

    [Fact]
    public void Reports_when_it_runs_out_of_iterations()
    {
        // Eigenvalues 1 and 0.999: convergence takes thousands of steps.
        var r = PowerIteration.LargestEigenvalue(new double[,] { { 1, 0 }, { 0, 0.999 } }, new Random(0), maxIterations: 3, relativeTolerance: 1e-12);
        Assert.False(r.Converged);
        Assert.Equal(3, r.Estimates.Count);
    }

    [Fact]
    public void A_product_of_the_wrong_length_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => PowerIteration.LargestEigenvalue(v => new double[v.Length + 1], 3, new Random(0)));
        Assert.Contains("4 values for a vector of 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerIteration.LargestEigenvalue(v => v, 0, new Random(0)));
        Assert.Throws<ArgumentException>(() => PowerIteration.LargestEigenvalue(new double[2, 3], new Random(0)));
    }
}
