namespace DeepLearningCourse.Engine.Tests;

public class FusedSoftmaxTests
{
    [Theory]
    [InlineData(1, 0.25f, 1f)]
    [InlineData(3, 1f, 1f)]
    [InlineData(16, 0.25f, 4f)]
    [InlineData(17, 0.5f, 4f)]
    [InlineData(64, 0.25f, 8f)]
    [InlineData(100, 1f, 200f)] // scores up to ±200: the largest is subtracted first, so nothing overflows
    public void Fast_row_softmax_equals_the_reference(int length, float scale, float spread)
    {
        var random = new Random(length);
        var scores = new float[length];
        for (int j = 0; j < length; j++) scores[j] = (float)(random.NextDouble() * 2 - 1) * spread;
        float[] expected = (float[])scores.Clone(), actual = (float[])scores.Clone();
        ScaledDotProductAttentionNode.ReferenceMaskedSoftmax(expected, scale, default, length);
        ScaledDotProductAttentionNode.MaskedSoftmax(actual, scale, default, length);
        for (int j = 0; j < length; j++)
        {
            Assert.True(MathF.Abs(expected[j] - actual[j]) <= 1e-6f * MathF.Max(expected[j], 1e-30f) + 1e-9f,
                $"weight {j} = {actual[j]}, reference {expected[j]} (score {scores[j]})");
        }
        Assert.Equal(1.0, actual.Sum(v => (double)v), 5);
    }

    [Fact]
    public void Causal_rows_keep_the_future_at_zero()
    {
        var row = new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
        ScaledDotProductAttentionNode.MaskedSoftmax(row, 0.5f, default, 17);
        Assert.Equal([0f, 0f, 0f], row[17..]);
        var expected = new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
        ScaledDotProductAttentionNode.ReferenceMaskedSoftmax(expected, 0.5f, default, 17);
        for (int j = 0; j < 17; j++) Assert.Equal(expected[j], row[j], 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(100)]
    public void Vectorized_softmax_backward_row_equals_the_scalar_loop_bit_for_bit(int length)
    {
        var random = new Random(length);
        var weights = new float[length];
        var gradient = new float[length];
        for (int j = 0; j < length; j++) (weights[j], gradient[j]) = (random.NextSingle(), random.NextSingle() * 2 - 1);
        var expected = (float[])gradient.Clone();
        float dot = System.Numerics.Tensors.TensorPrimitives.Dot(weights, gradient);
        for (int j = 0; j < length; j++) expected[j] = weights[j] * (expected[j] - dot) * 0.25f;
        AttentionItem.SoftmaxBackwardRow(weights, gradient, 0.25f);
        Assert.Equal(expected, gradient);
    }
}
