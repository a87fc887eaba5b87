namespace DeepLearningCourse.Engine.Tests.Numerics;

public class CurvatureTests
{
    [Fact]
    public void Symmetric_eigenvalues_are_ascending()
    {
        var e = Curvature.Eigenvalues(new double[,] { { 2, 1 }, { 1, 2 } });
        Assert.Equal(1, e[0], 1e-9);
        Assert.Equal(3, e[1], 1e-9);
    }

    [Fact]
    public void Hessian_of_a_quadratic_is_its_matrix()
    {
        // f(θ) = ½ θᵀAθ with A = [[3, 1], [1, 2]]: the Hessian is A everywhere.
        var a = Tensor.FromArray(new float[,] { { 3, 1 }, { 1, 2 } });
        Tensor F(Tensor theta) { var row = theta.Reshape(1, 2); return (row.MatMul(a) * row).Sum() * 0.5f; }
        var h = Curvature.Hessian(F, [0.7f, -1.3f]);
        Assert.Equal(3, h[0, 0], 1e-3);
        Assert.Equal(1, h[0, 1], 1e-3);
        Assert.Equal(1, h[1, 0], 1e-3);
        Assert.Equal(2, h[1, 1], 1e-3);
    }

    [Fact]
    public void Hessian_of_rosenbrock_at_its_minimum()
    {
        // f = (1 − x)² + 100 (y − x²)²; at (1, 1): H = [[802, −400], [−400, 200]].
        Tensor F(Tensor p)
        {
            var x = p * Tensor.FromArray(new float[] { 1, 0 });
            var y = p * Tensor.FromArray(new float[] { 0, 1 });
            var xs = x.Sum(); var ys = y.Sum();
            return (1f - xs) * (1f - xs) + 100f * (ys - xs * xs) * (ys - xs * xs);
        }
        var h = Curvature.Hessian(F, [1f, 1f], 1e-2);
        Assert.Equal(802, h[0, 0], 2.0);
        Assert.Equal(-400, h[0, 1], 1.0);
        Assert.Equal(200, h[1, 1], 1.0);
    }
}
