namespace DeepLearningCourse.Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// Backpropagates from this tensor (usually a scalar loss): fills <see cref="Grad"/> of every tensor behind it
    /// that requires gradients. See <see cref="Autograd.Backward"/>.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false) => Autograd.Backward(this, gradient, retainGraph);

    /// <summary>The graph behind this tensor as an indented text tree (see <see cref="GraphPrinter.Print"/>).</summary>
    public string PrintGraph() => GraphPrinter.Print(this);

    /// <summary>Sets <see cref="Grad"/> to null.</summary>
    public void ZeroGrad() => Grad = null;
}
