namespace DeepLearningCourse.Engine.Tests;

public class SequenceStepTests
{
    [Fact]
    public void TimeStep_and_StackSteps_known_answers_and_round_trip()
    {
        var x = Tensor.Arange(12).Reshape(2, 3, 2);
        NodeTestKit.AssertValues(x.TimeStep(1), [2, 2], [2, 3, 8, 9]);
        var stacked = Tensor.StackSteps(x.TimeStep(0), x.TimeStep(1), x.TimeStep(2));
        Assert.Equal(x.Data, stacked.Data);
        Assert.Equal(x.Shape, stacked.Shape);
    }

    [Fact]
    public void Gradient_checks_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new TimeStepNode(2), [NodeTestKit.Random(1, -1, 1, 2, 4, 3)]);
        NodeTestKit.AssertGradientsMatch(() => new StackStepsNode(), [NodeTestKit.Random(2, -1, 1, 2, 3), NodeTestKit.Random(3, -1, 1, 2, 3), NodeTestKit.Random(4, -1, 1, 2, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.TimeStep(1), NodeTestKit.Random(5, -1, 1, 2, 3, 2));
        NodeTestKit.AssertFanOutDoublesGradient(x => Tensor.StackSteps(x, x * 2f), NodeTestKit.Random(6, -1, 1, 2, 3));
    }

    [Fact]
    public void Bad_inputs_name_the_op_and_shapes()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3, 4).TimeStep(3));
        Assert.StartsWith("TimeStep: step 3 is outside the sequence [2, 3, 4]", ex.Message);
        Assert.Contains("[2, 3, 4]", ex.Message);
        var rank = Assert.Throws<ShapeException>(() => Tensor.Zeros(2, 3).TimeStep(0));
        Assert.Contains("[batch, time, features]", rank.Message);
        var stack = Assert.Throws<ShapeException>(() => Tensor.StackSteps(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)));
        Assert.Contains("step 1 has shape [2, 4]", stack.Message);
    }
}
