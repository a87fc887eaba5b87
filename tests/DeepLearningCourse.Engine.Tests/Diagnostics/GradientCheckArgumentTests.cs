namespace DeepLearningCourse.Engine.Tests;

/// <summary>A gradient check with nothing to check is an error, never a vacuous pass.</summary>
public class GradientCheckArgumentTests
{
    [Fact]
    public void A_model_without_parameters_is_named_instead_of_failing_inside_Backward()
    {
        var relu = new ReLU();
        var ex = Assert.Throws<ArgumentException>(() => GradientCheck.CheckModel(relu, () => relu.Forward(Tensor.Ones(2)).Sum()));
        Assert.StartsWith("GradientCheck.CheckModel: ReLU has no parameters", ex.Message);
    }

    [Fact]
    public void A_check_without_inputs_is_an_error_not_a_pass()
    {
        var ex = Assert.Throws<ArgumentException>(() => GradientCheck.Check(_ => Tensor.Scalar(1f), []));
        Assert.StartsWith("GradientCheck.Check: no inputs were given", ex.Message);
    }

    [Fact]
    public void A_model_with_parameters_is_still_checked()
    {
        var model = new Sequential(new Linear(2, 3, new Random(1)), new Tanh());
        var x = NodeTestKit.Random(2, -1, 1, 4, 2);
        var result = GradientCheck.CheckModel(model, () => model.Forward(x).Mean());
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(["0.Weight", "0.Bias"], result.Entries.Select(e => e.Name).ToArray());
    }
}
