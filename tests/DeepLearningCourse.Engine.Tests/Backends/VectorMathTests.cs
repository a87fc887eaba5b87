using System.Numerics.Tensors;
using Tensor = DeepLearningCourse.Engine.Tensor;

namespace DeepLearningCourse.Engine.Tests;

public class VectorMathTests
{
    /// <summary>Values over many magnitudes, both signs, and the special ones.</summary>
    private static float[] Values(int seed, int length)
    {
        var random = new Random(seed);
        var specials = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 88.72f, -88.72f, -103.9f, 1e-30f, -87.5f };
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(10) == 0
                ? specials[random.Next(specials.Length)]
                : (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.NextDouble() * 4 - 2));
        }
        return values;
    }

    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{what}: element {i} is {actual[i]:R}, TensorPrimitives gives {expected[i]:R}");
    }

    [Fact]
    public void Exp_sigmoid_and_tanh_give_tensor_primitives_bits_for_every_length_in_place_or_not()
    {
        foreach (int length in new[] { 1, 7, 15, 16, 17, 31, 32, 33, 100, 1000, 4099, 78_400 })
        {
            var x = Values(length, length);
            var expected = new float[length];
            var actual = new float[length];

            TensorPrimitives.Exp(x, expected);
            VectorMath.Exp(x, actual);
            AssertSameBits(expected, actual, $"exp, length {length}");
            var inPlace = (float[])x.Clone();
            VectorMath.Exp(inPlace, inPlace);
            AssertSameBits(expected, inPlace, $"exp in place, length {length}");

            TensorPrimitives.Sigmoid(x, expected);
            VectorMath.Sigmoid(x, actual);
            AssertSameBits(expected, actual, $"sigmoid, length {length}");
            inPlace = (float[])x.Clone();
            VectorMath.Sigmoid(inPlace, inPlace);
            AssertSameBits(expected, inPlace, $"sigmoid in place, length {length}");

            TensorPrimitives.Tanh<float>(x, expected);
            VectorMath.Tanh(x, actual);
            AssertSameBits(expected, actual, $"tanh, length {length}");
            inPlace = (float[])x.Clone();
            VectorMath.Tanh(inPlace, inPlace);
            AssertSameBits(expected, inPlace, $"tanh in place, length {length}");
        }
    }

    [Fact]
    public void A_destination_shorter_than_the_input_is_refused_as_tensor_primitives_refuses_it()
    {
        Assert.ThrowsAny<ArgumentException>(() => VectorMath.Exp(new float[32], new float[31]));
        Assert.Equal([1f, 0.5f], SigmoidOf(Tensor.FromArray([float.PositiveInfinity, 0f])));
    }

    private static float[] SigmoidOf(Tensor x) => new SigmoidNode().Forward(x).ToArray();
}
