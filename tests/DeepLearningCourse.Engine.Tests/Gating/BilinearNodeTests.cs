namespace DeepLearningCourse.Engine.Tests;

public class BilinearNodeTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    /// <summary>The same bilinear form from existing ops: outer products x_i z_j, flattened, times W as [I·J, O].</summary>
    private static Tensor Composite(Tensor x, Tensor z, Tensor w)
    {
        int batch = x.Shape[0], i = w.Shape[0], j = w.Shape[1], o = w.Shape[2];
        return (x.Reshape(batch, i, 1) * z.Reshape(batch, 1, j)).Reshape(batch, i * j).MatMul(w.Reshape(i * j, o));
    }

    [Fact]
    public void Known_answer_sums_weighted_products()
    {
        // W[:, :, 0] = [[1, 0], [2, 0.5]], W[:, :, 1] = identity, so y_1 = x · z.
        var w = Tensor.FromArray([1f, 1f, 0f, 0f, 2f, 0f, 0.5f, 1f], 2, 2, 2);
        var y = new BilinearNode().Forward(Tensor.FromArray([1f, 2f], 1, 2), Tensor.FromArray([3f, -1f], 1, 2), w);
        // y_0 = 1·1·3 + 1·0·(−1) + 2·2·3 + 2·0.5·(−1) = 14; y_1 = 1·3 + 2·(−1) = 1
        NodeTestKit.AssertValues(y, [1, 2], [14f, 1f]);
    }

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 2, 5, 3)]
    [InlineData(33, 7, 9, 5)]   // large enough for the packed GEMM path
    public void Equals_the_composite_of_outer_products_and_matmul(int batch, int i, int j, int o)
    {
        Tensor x = R(1, batch, i), z = R(2, batch, j), w = R(3, i, j, o);
        Assert.True(new BilinearNode().Apply(x, z, w).AllClose(Composite(x, z, w), 1e-5f));
    }

    [Fact]
    public void Gradients_match_finite_differences_and_the_composite()
    {
        NodeTestKit.AssertGradientsMatch(() => new BilinearNode(), [R(4, 3, 2), R(5, 3, 4), R(6, 2, 4, 3)]);
        Tensor x = R(7, 33, 7), z = R(8, 33, 9), w = R(9, 7, 9, 5), upstream = R(10, 33, 5);
        Tensor[] leaves = [x.Clone().WithGrad(), z.Clone().WithGrad(), w.Clone().WithGrad()];
        new BilinearNode().Apply(leaves).Backward(upstream);
        Tensor[] reference = [x.Clone().WithGrad(), z.Clone().WithGrad(), w.Clone().WithGrad()];
        Composite(reference[0], reference[1], reference[2]).Backward(upstream);
        for (int k = 0; k < 3; k++) Assert.True(leaves[k].Grad!.AllClose(reference[k].Grad!, 1e-4f), $"gradient {k}");
    }

    [Fact]
    public void Using_one_input_as_both_x_and_z_sums_the_gradients_of_both_paths()
    {
        Tensor w = R(11, 3, 3, 2);
        NodeTestKit.AssertFanOutDoublesGradient(t => new BilinearNode().Apply(t, t, w), R(12, 4, 3));
        NodeTestKit.AssertGradientsMatch(xs => new BilinearNode().Apply(xs[0], xs[0], w), R(13, 2, 3));
    }

    [Fact]
    public void Wrong_shapes_name_the_op_the_shapes_and_the_fix()
    {
        var ex = Assert.Throws<ShapeException>(() => new BilinearNode().Apply(Tensor.Zeros(2, 3), Tensor.Zeros(2, 5), Tensor.Zeros(3, 4, 1)));
        Assert.Equal("Bilinear: x is [2, 3], z is [2, 5] and W is [3, 4, 1]; use x [batch, 3] and z [batch, 4] with the same batch (W is [I, J, O]).", ex.Message);
        var rank = Assert.Throws<ShapeException>(() => new BilinearNode().Apply(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4), Tensor.Zeros(12, 1)));
        Assert.Contains("W has shape [12, 1] but must have rank 3 ([I, J, O])", rank.Message);
    }
}
