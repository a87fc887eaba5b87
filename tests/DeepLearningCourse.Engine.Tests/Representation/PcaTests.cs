namespace DeepLearningCourse.Engine.Tests;

public class PcaTests
{
    [Fact]
    public void Points_on_a_line_have_one_component_along_it_and_reconstruct_exactly()
    {
        // x = t · (3, 4) / 5 + (1, 2): all variance along (0.6, 0.8).
        var data = new float[10 * 2];
        for (int i = 0; i < 10; i++) { float t = i - 4.5f; data[2 * i] = 1 + 0.6f * t; data[2 * i + 1] = 2 + 0.8f * t; }
        var x = new Tensor(data, 10, 2);
        var pca = Pca.Fit(x, 1);
        Assert.Equal(1f, pca.Mean.Data[0], 4);
        Assert.Equal(2f, pca.Mean.Data[1], 4);
        Assert.Equal(0.6, Math.Abs(pca.Components.Data[0]), 4);
        Assert.Equal(0.8, Math.Abs(pca.Components.Data[1]), 4);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio, 4);
        var back = pca.Reconstruct(x);
        for (int i = 0; i < data.Length; i++) Assert.Equal(data[i], back.Data[i], 3);
    }

    [Fact]
    public void Components_are_orthonormal_and_sorted_by_variance()
    {
        var random = new Random(1);
        var x = Tensor.Normal(random, 0f, 1f, 200, 5) * Tensor.FromArray([5f, 1, 3, 0.5f, 2]);
        var pca = Pca.Fit(x, 3);
        Assert.Equal([3, 5], pca.Components.Shape);
        Assert.True(pca.Variances.Data[0] >= pca.Variances.Data[1] && pca.Variances.Data[1] >= pca.Variances.Data[2]);
        var gram = pca.Components.MatMul(pca.Components.Transpose());
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(i == j ? 1f : 0f, gram.Data[i * 3 + j], 4);
        // The largest-variance axis is the first coordinate (scale 5).
        Assert.Equal(1.0, Math.Abs(pca.Components.Data[0]), 1);
        Assert.Equal([200, 3], pca.Encode(x).Shape);
    }

    [Fact]
    public void Variances_match_the_covariances_singular_values_and_each_direction_has_a_fixed_sign()
    {
        var x = Tensor.Normal(new Random(3), 0f, 1f, 300, 6) * Tensor.FromArray([3f, 1, 2, 0.5f, 4, 1.5f]);
        var pca = Pca.Fit(x, 6);
        int n = 300, d = 6;
        var centred = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, d, (i, j) => x.Data[i * d + j] - pca.Mean.Data[j]);
        var singular = (centred.TransposeThisAndMultiply(centred) / n).Svd(computeVectors: false).S;
        for (int c = 0; c < d; c++)
        {
            Assert.Equal(singular[c], pca.Variances.Data[c], 4);
            var row = pca.Components.Data.Skip(c * d).Take(d).ToArray();
            float largest = row.MaxBy(MathF.Abs);
            Assert.True(largest > 0, $"component {c}: its largest entry {largest} should be positive");
        }
        Assert.Equal(singular.Sum(), pca.TotalVariance, 4);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio, 5);
    }

    [Fact]
    public void Wrong_shapes_are_explained()
    {
        var ex = Assert.Throws<ShapeException>(() => Pca.Fit(Tensor.Zeros(4, 1, 2, 2), 1));
        Assert.Contains("flatten", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(Tensor.Zeros(4, 3), 4));
    }
}

public class SubspacesTests
{
    [Fact]
    public void Different_bases_of_the_same_subspace_have_zero_angles()
    {
        var a = Tensor.FromArray(new float[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 } });
        var b = Tensor.FromArray(new float[,] { { 1, 1, 0, 0 }, { 2, -3, 0, 0 } });
        Assert.All(Subspaces.PrincipalAngles(a, b), angle => Assert.True(angle < 1e-6));
        Assert.True(Subspaces.ProjectionDistance(a, b) < 1e-6);
    }

    [Fact]
    public void A_tilted_plane_has_the_tilt_as_its_largest_angle()
    {
        double theta = 0.3;
        var a = Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 } });
        var b = Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, (float)Math.Cos(theta), (float)Math.Sin(theta) } });
        var angles = Subspaces.PrincipalAngles(a, b);
        Assert.Equal(0, angles[0], 5);
        Assert.Equal(theta, angles[1], 5);
        Assert.Equal(Math.Sqrt(2) * Math.Sin(theta), Subspaces.ProjectionDistance(a, b), 5);
    }
}

public class PcaTruncateTests
{
    [Fact]
    public void Truncate_keeps_the_leading_components()
    {
        var x = Tensor.Normal(new Random(2), 0f, 1f, 100, 4) * Tensor.FromArray([4f, 3, 2, 1]);
        var full = Pca.Fit(x, 3);
        var two = full.Truncate(2);
        Assert.Equal([2, 4], two.Components.Shape);
        Assert.Equal(full.Components.Data.Take(8), two.Components.Data);
        Assert.True(two.ExplainedVarianceRatio < full.ExplainedVarianceRatio);
    }
}
