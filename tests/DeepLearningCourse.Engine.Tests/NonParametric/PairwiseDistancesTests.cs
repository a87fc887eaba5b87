namespace DeepLearningCourse.Engine.Tests;

public class PairwiseDistancesTests
{
    [Fact]
    public void Known_answer_for_two_small_point_sets()
    {
        var a = Tensor.FromArray(new float[,] { { 0, 0 }, { 1, 2 } });
        var b = Tensor.FromArray(new float[,] { { 3, 4 }, { 1, 2 }, { -1, 0 } });
        var d = PairwiseDistances.Squared(a, b);
        Assert.Equal([2, 3], d.Shape);
        // (0,0): 25, 5, 1; (1,2): 8, 0, 8
        Assert.Equal([25f, 5, 1, 8, 0, 8], d.Data);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 17, 5)]
    [InlineData(33, 17, 33)]
    [InlineData(17, 300, 784)]
    [InlineData(300, 3, 40)]
    public void Fast_path_equals_the_direct_loop_on_awkward_shapes(int m, int n, int d)
    {
        var random = new Random(m * 1000 + n * 10 + d);
        var a = Tensor.Uniform(random, 0f, 1f, m, d);
        var b = Tensor.Uniform(random, 0f, 1f, n, d);
        var fast = PairwiseDistances.Squared(a, b);
        var reference = PairwiseDistances.SquaredReference(a, b);
        Assert.Equal(reference.Shape, fast.Shape);
        // Expanding the square costs some float precision: compare relative to the norms involved.
        float scale = Math.Max(1f, d / 3f);
        for (int i = 0; i < fast.Size; i++) Assert.True(Math.Abs(fast.Data[i] - reference.Data[i]) <= 1e-5f * scale * 8, $"element {i}: {fast.Data[i]} vs {reference.Data[i]}");
    }

    [Fact]
    public void A_row_against_itself_is_exactly_zero_never_negative()
    {
        var a = Tensor.Uniform(new Random(3), 0f, 1f, 20, 784);
        var d = PairwiseDistances.Squared(a, a);
        for (int i = 0; i < 20; i++) Assert.InRange(d[i, i], 0f, 1e-3f);
        Assert.All(d.Data, v => Assert.True(v >= 0));
    }

    [Fact]
    public void Shape_errors_name_both_shapes_and_the_fix()
    {
        var rank = Assert.Throws<ShapeException>(() => PairwiseDistances.Squared(Tensor.Zeros(2, 1, 2, 2), Tensor.Zeros(3, 4)));
        Assert.Contains("[2, 1, 2, 2]", rank.Message);
        Assert.Contains("flatten", rank.Message);
        var width = Assert.Throws<ShapeException>(() => PairwiseDistances.Squared(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("[2, 3]", width.Message);
        Assert.Contains("[4, 5]", width.Message);
        Assert.Contains("3 vs 5", width.Message);
    }
}
