namespace DeepLearningCourse.Engine;

/// <summary>
/// Thrown when shapes do not fit an operation. The message names the op, the shapes and what would fit, e.g.
/// "MatMul: A is [64, 784] but B is [128, 10]; inner sizes 784 and 128 must match."
/// </summary>
public sealed class ShapeException : ArgumentException
{
    public ShapeException(string message) : base(message) { }

    public ShapeException() { }

    public ShapeException(string message, Exception innerException) : base(message, innerException) { }
}
