namespace DeepLearningCourse.Engine;

// Differentiable operations as methods and operators. Each one creates a fresh node and applies it, so the call is
// recorded when an input requires gradients. Other op families add their methods in their own partial files.
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => new AddNode().Apply(a, b);
    public static Tensor operator +(Tensor a, float b) => new AddNode().Apply(a, Scalar(b));
    public static Tensor operator +(float a, Tensor b) => new AddNode().Apply(Scalar(a), b);
    public static Tensor operator *(Tensor a, Tensor b) => new MulNode().Apply(a, b);
    public static Tensor operator *(Tensor a, float b) => new MulNode().Apply(a, Scalar(b));
    public static Tensor operator *(float a, Tensor b) => new MulNode().Apply(Scalar(a), b);

    /// <summary>Matrix product (see <see cref="MatMulNode"/> for the shapes).</summary>
    public Tensor MatMul(Tensor other) => new MatMulNode().Apply(this, other);

    /// <summary>max(0, x) element-wise.</summary>
    public Tensor Relu() => new ReluNode().Apply(this);

    /// <summary>Sum of all values, as a scalar.</summary>
    public Tensor Sum() => new SumNode().Apply(this);

    /// <summary>Sum along <paramref name="axis"/>.</summary>
    public Tensor Sum(int axis, bool keepDims = false) => new SumNode(axis, keepDims).Apply(this);
}
