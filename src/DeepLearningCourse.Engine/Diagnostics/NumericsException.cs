namespace DeepLearningCourse.Engine;

/// <summary>Thrown in check mode (<see cref="Diagnostics.CheckNumerics"/>) by the first node that produces NaN or Infinity.</summary>
public sealed class NumericsException : ArithmeticException
{
    public NumericsException(string message) : base(message) { }

    public NumericsException() { }

    public NumericsException(string message, Exception innerException) : base(message, innerException) { }
}
