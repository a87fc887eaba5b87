using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine.Tests;

public class CacheChunksTests
{
    [Theory]
    [InlineData(0, 0, new int[0])]
    [InlineData(0, 5, new[] { 0, 5 })]
    [InlineData(100, 16 * 1024 + 100, new[] { 100, 16 * 1024 })]
    [InlineData(16, 2 * 16 * 1024 + 20, new[] { 16, 16 * 1024, 16 * 1024 + 16, 16 * 1024, 2 * 16 * 1024 + 16, 4 })]
    public void Of_covers_the_range_once_in_chunks_of_at_most_Length(int start, int end, int[] startsAndLengths)
    {
        var chunks = new List<int>();
        foreach (var (chunkStart, length) in CacheChunks.Of(start, end)) chunks.AddRange([chunkStart, length]);
        Assert.Equal(startsAndLengths, chunks);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16 * 1024)]
    [InlineData(3 * 16 * 1024 + 7)] // several chunks and a partial one
    public void Add_in_chunks_equals_one_Add_over_the_whole_span_even_in_place(int length)
    {
        var random = new Random(length);
        var (x, y) = (new float[length], new float[length]);
        for (int i = 0; i < length; i++) (x[i], y[i]) = ((float)random.NextDouble(), (float)random.NextDouble() * 1e-3f);
        var expected = new float[length];
        TensorPrimitives.Add(x, y, expected);

        var separate = new float[length];
        CacheChunks.Add(x, y, separate);
        Assert.Equal(expected, separate);

        CacheChunks.Add(x, y, x); // the destination may be an input, as in gradient accumulation
        Assert.Equal(expected, x);
    }
}

public class ChunkedActivationTests
{
    private const int Length = 5 * 16 * 1024 + 9; // several chunks and a partial one

    [Fact]
    public void ReLU_sigmoid_and_tanh_on_long_tensors_equal_one_pass_over_the_whole_array()
    {
        var random = new Random(3);
        var (x, g) = (new float[Length], new float[Length]);
        for (int i = 0; i < Length; i++) (x[i], g[i]) = ((float)(random.NextDouble() * 8 - 4), (float)(random.NextDouble() - 0.5));
        var (input, gradOutput) = (Tensor.FromArray(x, Length), Tensor.FromArray(g, Length));

        var relu = new float[Length];
        TensorPrimitives.Max(x, 0f, relu);
        Assert.Equal(relu, new ReluNode().Forward(input).Data);

        var sigma = new float[Length];
        TensorPrimitives.Sigmoid(x, sigma);
        var sigmoid = new SigmoidNode();
        Assert.Equal(sigma, sigmoid.Forward(input).Data);
        var dSigmoid = new float[Length];
        for (int i = 0; i < Length; i++) dSigmoid[i] = (1f - sigma[i]) * sigma[i] * g[i];
        Assert.Equal(dSigmoid, sigmoid.Backward(gradOutput)[0]!.Data);

        var t = new float[Length];
        TensorPrimitives.Tanh(x, t);
        var tanh = new TanhNode();
        Assert.Equal(t, tanh.Forward(input).Data);
        var dTanh = new float[Length];
        for (int i = 0; i < Length; i++) dTanh[i] = (1f - t[i] * t[i]) * g[i];
        Assert.Equal(dTanh, tanh.Backward(gradOutput)[0]!.Data);
    }
}
