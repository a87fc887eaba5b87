namespace DeepLearningCourse.Engine.Tests;

/// <summary>The code shown in README.md's "engine in one screen" must keep working and give real gradients.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void Readme_example_computes_the_gradient_of_a_tiny_model()
    {
        var x = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var w = Tensor.Normal(new Random(0), 0, 1, 2, 1).WithGrad();
        var loss = (x.MatMul(w).Sigmoid() - 1f).Pow(2).Mean();
        loss.Backward();
        Assert.NotNull(w.Grad);
        Assert.Equal([2, 1], w.Grad!.Shape);

        var check = GradientCheck.Check(xs => (x.MatMul(xs[0]).Sigmoid() - 1f).Pow(2).Mean(), [w]);
        Assert.True(check.Passed, check.ToString());

        var relu = new ReluNode();
        var y = relu.Forward(x);
        var dx = relu.Backward(Tensor.OnesLike(y))[0];
        Assert.Equal([1f, 1, 1, 1], dx!.Data);
    }
}
