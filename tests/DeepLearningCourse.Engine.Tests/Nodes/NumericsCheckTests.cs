namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// <see cref="Diagnostics.CheckNumerics"/> is process-wide, so these tests run alone: with it on, other tests that
/// produce ±∞ on purpose (the softmax-overflow demonstration) would throw.
/// </summary>
[CollectionDefinition(nameof(NumericsCheckCollection), DisableParallelization = true)]
public sealed class NumericsCheckCollection;

[Collection(nameof(NumericsCheckCollection))]
public class NumericsCheckTests
{
    [Fact]
    public void A_NaN_from_log_of_a_negative_value_names_the_Log_node_not_a_later_one()
    {
        var x = Tensor.FromArray([1f, -2, 3]).Named("x").WithGrad();
        var ex = Assert.Throws<NumericsException>(() => Diagnostics.WithNumericsCheck(() =>
        {
            var scaled = x * 2f;
            var logged = scaled.Log();   // ln(−4) = NaN: the first bad node
            var y = logged.Exp().Sum();  // would carry the NaN on
            y.Backward();
        }));
        Assert.StartsWith("Log produced NaN or Infinity in forward", ex.Message);
        Assert.Contains("NaN 1", ex.Message);
        Assert.Contains("input 0: tensor [3]: min -4", ex.Message);
        Assert.Contains("Log turned finite inputs into NaN or Infinity", ex.Message);
    }

    [Fact]
    public void A_NaN_in_the_input_data_is_caught_at_the_first_node_that_uses_it()
    {
        var w = Tensor.FromArray([0.5f, 0.5f], 2, 1).Named("W").WithGrad();
        var data = Tensor.FromArray([1f, float.NaN, 2f, 3f], 2, 2).Named("batch");
        var ex = Assert.Throws<NumericsException>(() => Diagnostics.WithNumericsCheck(() =>
            Loss.MeanSquaredError(data.MatMul(w).Sigmoid(), Tensor.Zeros(2, 1))));
        Assert.StartsWith("MatMul produced NaN or Infinity in forward", ex.Message);
        Assert.Contains("batch [2, 2]", ex.Message);
        Assert.Contains("NaN 1", ex.Message);
        Assert.Contains("Input 0 already held NaN or Infinity before MatMul ran, and no node made it: it is data.", ex.Message);
    }

    [Fact]
    public void A_parameter_that_diverged_is_named_as_the_origin()
    {
        var w = Tensor.FromArray([float.PositiveInfinity, 0.5f], 2, 1).Named("W").WithGrad();
        var data = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var ex = Assert.Throws<NumericsException>(() => Diagnostics.WithNumericsCheck(() => { _ = data.MatMul(w); }));
        Assert.Contains("Input 1 is a parameter that already held NaN or Infinity", ex.Message);
    }

    [Fact]
    public void A_value_made_while_the_checks_were_off_names_the_node_that_made_it()
    {
        var x = Tensor.FromArray([-1f, 2f]).WithGrad();
        var logged = x.Log(); // NaN, unchecked
        var ex = Assert.Throws<NumericsException>(() => Diagnostics.WithNumericsCheck(() => { _ = logged * 2f; }));
        Assert.StartsWith("Mul produced NaN or Infinity in forward", ex.Message);
        Assert.Contains("It was made by Log while the checks were off", ex.Message);
    }

    [Fact]
    public void An_infinite_gradient_in_backward_names_the_node()
    {
        var x = Tensor.FromArray([0f, 4f]).WithGrad();
        var ex = Assert.Throws<NumericsException>(() => Diagnostics.WithNumericsCheck(() => x.Sqrt().Sum().Backward()));
        Assert.StartsWith("Sqrt produced NaN or Infinity in backward", ex.Message);
    }

    [Fact]
    public void Fused_losses_pass_the_check_for_extreme_logits()
    {
        Diagnostics.WithNumericsCheck(() =>
        {
            var logits = Tensor.FromArray([1000f, -1000, -1000, 1000], 2, 2).WithGrad();
            Loss.SoftmaxCrossEntropy(logits, Tensor.FromArray([1f, 1])).Backward();
            Loss.SigmoidBinaryCrossEntropy(logits, Tensor.FromArray([0f, 1, 1, 0], 2, 2)).Backward();
            Assert.All(logits.Grad!.Data, v => Assert.True(float.IsFinite(v)));
        });
    }
}
