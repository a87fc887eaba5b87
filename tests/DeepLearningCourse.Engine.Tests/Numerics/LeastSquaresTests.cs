namespace DeepLearningCourse.Engine.Tests.Numerics;

public class LeastSquaresTests
{
    [Fact]
    public void Polynomial_fit_recovers_an_exact_quadratic()
    {
        double[] x = [-2, -1, 0, 1, 2, 3];
        var y = x.Select(v => 1 - 2 * v + 0.5 * v * v).ToArray();
        var c = LeastSquares.PolynomialFit(x, y, 2);
        Assert.Equal(1, c[0], 1e-9);
        Assert.Equal(-2, c[1], 1e-9);
        Assert.Equal(0.5, c[2], 1e-9);
        Assert.Equal(1 - 2 * 5 + 0.5 * 25, LeastSquares.EvaluatePolynomial(c, 5), 1e-8);
    }

    [Fact]
    public void Polynomial_with_as_many_coefficients_as_points_interpolates()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 6).Select(i => -1 + 0.4 * i).ToArray();
        var y = x.Select(_ => random.NextDouble()).ToArray();
        var c = LeastSquares.PolynomialFit(x, y, 5);
        for (int i = 0; i < x.Length; i++) Assert.Equal(y[i], LeastSquares.EvaluatePolynomial(c, x[i]), 1e-7);
    }

    [Fact]
    public void Minimum_norm_solution_interpolates_with_the_smallest_norm()
    {
        // One equation, two unknowns: w1 + w2 = 2. Every solution has w1 + w2 = 2; the shortest is (1, 1).
        var w = LeastSquares.MinimumNorm(new double[,] { { 1, 1 } }, [2]);
        Assert.Equal(1, w[0], 1e-9);
        Assert.Equal(1, w[1], 1e-9);
    }

    [Fact]
    public void Minimum_norm_equals_ordinary_least_squares_when_overdetermined()
    {
        var a = new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        var w = LeastSquares.MinimumNorm(a, [1, 2, 4]);
        // Normal equations: [[2,1],[1,2]] w = [5, 6] → w = (4/3, 7/3).
        Assert.Equal(4.0 / 3, w[0], 1e-9);
        Assert.Equal(7.0 / 3, w[1], 1e-9);
    }

    [Fact]
    public void Wide_minimum_norm_solution_agrees_with_the_pseudo_inverse_and_falls_back_when_rank_deficient()
    {
        var random = new Random(5);
        var a = new double[4, 9];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 9; j++) a[i, j] = random.NextDouble() - 0.5;
        double[] b = [1, -2, 0.5, 3];
        var w = LeastSquares.MinimumNorm(a, b);
        var pinv = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(a).PseudoInverse();
        var expected = pinv * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(b);
        for (int j = 0; j < 9; j++) Assert.Equal(expected[j], w[j], 1e-9);

        // Two identical rows (rank 1, 3 unknowns): w1 + w2 + w3 = 3 twice → (1, 1, 1).
        var repeated = LeastSquares.MinimumNorm(new double[,] { { 1, 1, 1 }, { 1, 1, 1 } }, [3, 3]);
        foreach (var v in repeated) Assert.Equal(1, v, 1e-9);
    }
}
