namespace DeepLearningCourse.Engine;

/// <summary>ReLU as a layer for <see cref="Sequential"/>; any shape.</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}
