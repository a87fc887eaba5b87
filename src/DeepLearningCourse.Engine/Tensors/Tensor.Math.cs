namespace DeepLearningCourse.Engine;

// Element-wise math, activations and reductions as methods and operators. Each call creates a fresh node and
// applies it, so it is recorded when an input requires gradients.
public sealed partial class Tensor
{
    public static Tensor operator -(Tensor a, Tensor b) => new SubNode().Apply(a, b);
    public static Tensor operator -(Tensor a, float b) => new SubNode().Apply(a, Scalar(b));
    public static Tensor operator -(float a, Tensor b) => new SubNode().Apply(Scalar(a), b);
    public static Tensor operator -(Tensor x) => new NegNode().Apply(x);
    public static Tensor operator /(Tensor a, Tensor b) => new DivNode().Apply(a, b);
    public static Tensor operator /(Tensor a, float b) => new DivNode().Apply(a, Scalar(b));
    public static Tensor operator /(float a, Tensor b) => new DivNode().Apply(Scalar(a), b);

    /// <summary>eˣ element-wise.</summary>
    public Tensor Exp() => new ExpNode().Apply(this);

    /// <summary>Natural logarithm element-wise.</summary>
    public Tensor Log() => new LogNode().Apply(this);

    /// <summary>x^<paramref name="exponent"/> element-wise (constant exponent).</summary>
    public Tensor Pow(float exponent) => new PowNode(exponent).Apply(this);

    /// <summary>√x element-wise.</summary>
    public Tensor Sqrt() => new SqrtNode().Apply(this);

    /// <summary>|x| element-wise.</summary>
    public Tensor Abs() => new AbsNode().Apply(this);

    /// <summary>x for x &gt; 0, slope · x otherwise.</summary>
    public Tensor LeakyRelu(float slope = 0.01f) => new LeakyReluNode(slope).Apply(this);

    /// <summary>1 / (1 + e^(−x)) element-wise.</summary>
    public Tensor Sigmoid() => new SigmoidNode().Apply(this);

    /// <summary>tanh(x) element-wise.</summary>
    public Tensor Tanh() => new TanhNode().Apply(this);

    /// <summary>Mean of all values, as a scalar.</summary>
    public Tensor Mean() => new MeanNode().Apply(this);

    /// <summary>Mean along <paramref name="axis"/>.</summary>
    public Tensor Mean(int axis, bool keepDims = false) => new MeanNode(axis, keepDims).Apply(this);

    /// <summary>Maximum along <paramref name="axis"/>; the gradient goes to the (first) selected element.</summary>
    public Tensor Max(int axis, bool keepDims = false) => new MaxNode(axis, keepDims).Apply(this);

    /// <summary>
    /// Index of the largest value along <paramref name="axis"/> (the first on ties), as a float tensor with that
    /// axis removed. Not differentiable: the result records no history.
    /// </summary>
    public Tensor ArgMax(int axis)
    {
        if (Size == 0)
            throw new ShapeException($"ArgMax: input has shape {ShapeText(_shape)} with no values; it needs at least one.");
        var (_, indices) = MaxNode.Select(this, axis, "ArgMax");
        return new Tensor(Array.ConvertAll(indices, i => (float)i), AxisSplit.ReducedShape(_shape, axis, keepDims: false));
    }

    /// <summary>Softmax along <paramref name="axis"/> (max-subtracted, stable).</summary>
    public Tensor Softmax(int axis = -1) => new SoftmaxNode(axis).Apply(this);

    /// <summary>log(softmax(x)) along <paramref name="axis"/>, computed in one stable step.</summary>
    public Tensor LogSoftmax(int axis = -1) => new LogSoftmaxNode(axis).Apply(this);
}
