namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// A gradient check must never pass on NaN or ∞: NaN compares false with every tolerance, so a naive
/// "error &gt; tolerance" test would let a broken Backward or a NaN input through.
/// </summary>
public class GradientCheckNonFiniteTests
{
    /// <summary>Mul whose Backward writes NaN into one element of dA.</summary>
    private sealed class NaNGradientMulNode : Node
    {
        private readonly MulNode _inner = new();

        public override Tensor Forward(params Tensor[] inputs) => _inner.Forward(inputs);

        public override Tensor?[] Backward(Tensor gradOutput)
        {
            var grads = _inner.Backward(gradOutput);
            grads[0]!.Data[3] = float.NaN;
            return grads;
        }
    }

    [Fact]
    public void A_backward_that_returns_NaN_in_one_element_fails_and_names_it()
    {
        var result = GradientCheck.CheckNode(() => new NaNGradientMulNode(), [NodeTestKit.Random(1, 0.5f, 2, 2, 3), NodeTestKit.Random(2, 0.5f, 2, 2, 3)]);
        Assert.False(result.Passed, result.ToString());
        Assert.Equal(3, result.Entries[0].WorstIndex);
        Assert.True(double.IsPositiveInfinity(result.Entries[0].MaxRelativeError));
        Assert.Contains("not finite", result.ToString());
        Assert.True(result.Entries[1].MaxRelativeError < 1e-3, "the untouched input still agrees");
    }

    [Fact]
    public void A_NaN_input_fails_the_check_instead_of_passing()
    {
        var result = GradientCheck.Check(xs => (xs[0] * xs[0]).Sum(), [Tensor.FromArray([1f, float.NaN, 2f])]);
        // The NaN element is part of the loss, so every finite difference is NaN.
        Assert.False(result.Passed, result.ToString());
        Assert.True(double.IsNaN(result.Entries[0].Numeric));
        Assert.True(double.IsPositiveInfinity(result.MaxRelativeError));
    }

    [Fact]
    public void An_infinite_derivative_fails_the_check()
    {
        // d/dx sqrt(x) at 0 is ∞ in Backward; the finite difference is finite.
        var result = GradientCheck.CheckNode(() => new SqrtNode(), [Tensor.FromArray([4f, 0f, 9f])]);
        Assert.False(result.Passed, result.ToString());
        Assert.Equal(1, result.Entries[0].WorstIndex);
    }

    [Fact]
    public void Finite_inputs_still_pass_and_report_the_first_element_when_all_errors_are_zero()
    {
        var result = GradientCheck.CheckNode(() => new NegNode(), [Tensor.FromArray([1f, -2f, 3f])]);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(0, result.Entries[0].WorstIndex);
    }
}
