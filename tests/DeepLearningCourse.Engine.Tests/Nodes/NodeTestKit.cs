namespace DeepLearningCourse.Engine.Tests;

/// <summary>Helpers every node test uses: random inputs, gradient-check assertions, and a fan-out check.</summary>
internal static class NodeTestKit
{
    /// <summary>Uniform random values in [low, high) from a fixed seed.</summary>
    public static Tensor Random(int seed, float low, float high, params int[] shape) =>
        Tensor.Uniform(new Random(seed), low, high, shape);

    /// <summary>Asserts the node's Backward agrees with finite differences.</summary>
    public static void AssertGradientsMatch(Func<Node> createNode, Tensor[] inputs, int[]? skipInputs = null, double tolerance = GradientCheck.DefaultTolerance)
    {
        var result = GradientCheck.CheckNode(createNode, inputs, skipInputs, tolerance: tolerance);
        Assert.True(result.Passed, result.ToString());
    }

    /// <summary>Asserts a function of tensors has Backward equal to finite differences.</summary>
    public static void AssertGradientsMatch(Func<Tensor[], Tensor> function, params Tensor[] inputs)
    {
        var result = GradientCheck.Check(function, inputs);
        Assert.True(result.Passed, result.ToString());
    }

    /// <summary>
    /// Fan-out: using x twice, f(x) + f(x), must give exactly twice the gradient of using it once.
    /// </summary>
    public static void AssertFanOutDoublesGradient(Func<Tensor, Tensor> f, Tensor x)
    {
        x.RequiresGrad = true;
        x.Grad = null;
        f(x).Sum().Backward();
        var once = x.Grad!.Clone();
        x.Grad = null;
        (f(x) + f(x)).Sum().Backward();
        var twice = x.Grad!;
        for (int i = 0; i < once.Size; i++) Assert.Equal(2 * once.Data[i], twice.Data[i], 4);
    }

    /// <summary>Asserts shape and values (to <paramref name="precision"/> decimals).</summary>
    public static void AssertValues(Tensor actual, int[] shape, float[] expected, int precision = 5)
    {
        Assert.Equal(shape, actual.Shape);
        Assert.Equal(expected.Length, actual.Size);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual.Data[i], precision);
    }
}
