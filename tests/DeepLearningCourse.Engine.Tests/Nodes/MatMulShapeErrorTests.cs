namespace DeepLearningCourse.Engine.Tests;

/// <summary>MatMul's shape errors name the op, both shapes and the dimension that does not fit.</summary>
public class MatMulShapeErrorTests
{
    [Fact]
    public void Batched_matmul_with_different_batch_sizes_names_both_batch_sizes()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Zeros(2, 3, 4).MatMul(Tensor.Zeros(5, 4, 2)));
        Assert.Equal("MatMul: A is [2, 3, 4] but B is [5, 4, 2]; batch sizes 2 and 5 (axis 0) must match, or pass B as [K, N] to share it across the batch.", ex.Message);
    }

    [Fact]
    public void Batched_matmul_with_different_inner_sizes_names_them()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Zeros(2, 3, 4).MatMul(Tensor.Zeros(2, 5, 2)));
        Assert.Equal("MatMul: A is [2, 3, 4] but B is [2, 5, 2]; inner sizes 4 and 5 must match.", ex.Message);
    }

    [Theory]
    [InlineData(new[] { 3 }, new[] { 3, 2 })]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3, 4 })]
    [InlineData(new[] { 1, 2, 3, 4 }, new[] { 4, 2 })]
    public void Unsupported_ranks_list_the_supported_layouts(int[] aShape, int[] bShape)
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Zeros(aShape).MatMul(Tensor.Zeros(bShape)));
        Assert.StartsWith($"MatMul: A is {Tensor.ShapeText(aShape)} and B is {Tensor.ShapeText(bShape)}; use [M, K]·[K, N]", ex.Message);
    }
}
