namespace DeepLearningCourse.Engine.Tests;

public class GradientCheckTests
{
    /// <summary>Mul whose Backward is wrong by 1% in exactly one element of dA.</summary>
    private sealed class SlightlyWrongMulNode : Node
    {
        private readonly MulNode _inner = new();

        public override Tensor Forward(params Tensor[] inputs) => _inner.Forward(inputs);

        public override Tensor?[] Backward(Tensor gradOutput)
        {
            var grads = _inner.Backward(gradOutput);
            grads[0]!.Data[2] *= 1.01f;
            return grads;
        }
    }

    [Fact]
    public void A_correct_backward_passes()
    {
        var result = GradientCheck.CheckNode(() => new MulNode(), [NodeTestKit.Random(1, 0.5f, 2, 4, 5), NodeTestKit.Random(2, 0.5f, 2, 4, 5)]);
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.MaxRelativeError < 1e-3, result.ToString());
    }

    [Fact]
    public void A_backward_off_by_one_percent_in_one_element_fails()
    {
        var result = GradientCheck.CheckNode(() => new SlightlyWrongMulNode(), [NodeTestKit.Random(1, 0.5f, 2, 4, 5), NodeTestKit.Random(2, 0.5f, 2, 4, 5)]);
        Assert.False(result.Passed, result.ToString());
        Assert.Equal(2, result.Entries[0].WorstIndex);
        Assert.True(result.Entries[1].MaxRelativeError < 1e-3, "the untouched input still agrees");
    }
}
