namespace DeepLearningCourse.Engine.Tests.Numerics;

public class SharpnessTests
{
    [Fact]
    public void Linear_regression_sharpness_is_the_top_eigenvalue_of_two_xtx_over_n()
    {
        // L = mean((x·w + b − y)²) is quadratic: H = (2/N) ZᵀZ with Z = [x, 1].
        int n = 20, d = 4;
        var x = Tensor.Normal(new Random(3), 0, 1, n, d);
        var y = Tensor.Normal(new Random(4), 0, 1, n, 1);
        var model = new Linear(d, 1, new Random(5));
        var zz = new double[d + 1, d + 1];
        for (int i = 0; i < n; i++)
            for (int r = 0; r <= d; r++)
                for (int s = 0; s <= d; s++)
                    zz[r, s] += 2.0 / n * (r < d ? x[i, r] : 1) * (s < d ? x[i, s] : 1);
        double expected = Curvature.Eigenvalues(zz)[^1];

        var r2 = Sharpness.LargestHessianEigenvalue(model, Loss.MeanSquaredError, x, y, new Random(0), maxIterations: 200, relativeTolerance: 1e-6);
        Assert.True(r2.Converged);
        Assert.Equal(expected, r2.Eigenvalue, expected * 1e-3);
    }

    [Fact]
    public void A_sharper_quadratic_has_a_proportionally_larger_value()
    {
        // No bias: H = (2/N) XᵀX. Doubling the inputs multiplies it by 4.
        var x = Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
        var y = Tensor.Zeros(3, 1);
        var model = new Linear(2, 1, new Random(0), bias: false);
        double flat = Sharpness.LargestHessianEigenvalue(model, Loss.MeanSquaredError, x, y, new Random(1), 200, 1e-7).Eigenvalue;
        double sharp = Sharpness.LargestHessianEigenvalue(model, Loss.MeanSquaredError, x * 2f, y, new Random(1), 200, 1e-7).Eigenvalue;
        // XᵀX = [[2, 1], [1, 2]]: λ_max = 3, so H = (2/3)·XᵀX has λ_max = 2.
        Assert.Equal(2, flat, 1e-3);
        Assert.Equal(8, sharp, 4e-3);
    }
}
