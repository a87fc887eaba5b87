using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine.Tests;

public class CacheChunksTests
{
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
