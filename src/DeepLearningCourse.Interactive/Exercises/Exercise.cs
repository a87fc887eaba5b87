using System.Globalization;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Checks for the exercises in the notebooks (they return nothing, so a check as a cell's last line is shown once). Each check shows "✔ name: correct" or "✘ name: not yet — hint".
/// With the environment variable <c>DLC_STRICT_EXERCISES=1</c> (the headless runner sets it, and runs notebooks with the
/// solutions in place) a wrong answer also throws <see cref="ExerciseFailedException"/>, so a broken solution fails the build.
/// </summary>
/// <remarks>
/// Notebook convention: the cell where the student works starts with <c>// EXERCISE: name</c>, the solution cell with
/// <c>// SOLUTION: name</c>, and a hint is a markdown cell starting with <c>&gt; **Hint**</c> (or <see cref="Hint"/>).
/// </remarks>
public static class Exercise
{
    /// <summary>Environment variable that turns a wrong answer into an exception.</summary>
    public const string StrictVariable = "DLC_STRICT_EXERCISES";

    /// <summary>True when <c>DLC_STRICT_EXERCISES=1</c>.</summary>
    public static bool IsStrict => Environment.GetEnvironmentVariable(StrictVariable) == "1";

    /// <summary>Reports whether <paramref name="correct"/> holds; shows <paramref name="hint"/> when it does not.</summary>
    public static void Check(string name, bool correct, string hint) =>
        Report(new ExerciseResult(name, correct, correct ? null : hint));

    /// <summary>Checks that |actual − expected| ≤ tolerance.</summary>
    public static void CheckClose(string name, double actual, double expected, double tolerance, string hint)
    {
        bool ok = Math.Abs(actual - expected) <= tolerance;
        Report(new ExerciseResult(name, ok, ok ? null : $"{hint} (got {Number(actual)}, expected {Number(expected)} ± {Number(tolerance)})"));
    }

    /// <summary>Checks that two tensors have the same shape and every value is within <paramref name="tolerance"/>.</summary>
    public static void CheckClose(string name, Tensor actual, Tensor expected, double tolerance, string hint)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!actual.SameShape(expected))
        {
            Report(new ExerciseResult(name, false, $"{hint} (shape is {Tensor.ShapeText(actual.Shape)}, expected {Tensor.ShapeText(expected.Shape)})"));
            return;
        }
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < actual.Size; i++)
        {
            double difference = Math.Abs((double)actual.Data[i] - expected.Data[i]);
            if (double.IsNaN(difference)) difference = double.PositiveInfinity;
            if (difference > worst) (worst, worstIndex) = (difference, i);
        }
        bool ok = worst <= tolerance;
        Report(new ExerciseResult(name, ok, ok ? null :
            $"{hint} (largest difference {Number(worst)} at {Position(actual.Shape, worstIndex)}: got {Number(actual.Data[worstIndex])}, expected {Number(expected.Data[worstIndex])})"));
    }

    /// <summary>"[1, 3]" for flat index 7 of a [2, 4] tensor (row-major), "index 7" for a vector.</summary>
    private static string Position(int[] shape, int flatIndex)
    {
        if (shape.Length <= 1) return $"index {flatIndex}";
        var coordinates = new int[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            coordinates[axis] = flatIndex % shape[axis];
            flatIndex /= shape[axis];
        }
        return $"[{string.Join(", ", coordinates)}]";
    }

    /// <summary>Checks a tensor's shape.</summary>
    public static void CheckShape(string name, Tensor actual, int[] expectedShape, string hint)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expectedShape);
        bool ok = actual.Shape.AsSpan().SequenceEqual(expectedShape);
        Report(new ExerciseResult(name, ok, ok ? null : $"{hint} (shape is {Tensor.ShapeText(actual.Shape)}, expected {Tensor.ShapeText(expectedShape)})"));
    }

    /// <summary>Checks that <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static void CheckEqual<T>(string name, T actual, T expected, string hint)
    {
        bool ok = EqualityComparer<T>.Default.Equals(actual, expected);
        Report(new ExerciseResult(name, ok, ok ? null : $"{hint} (got {actual}, expected {expected})"));
    }

    /// <summary>Shows a hint box (for hints computed in code; static hints are markdown cells starting with "&gt; **Hint**").</summary>
    public static void Hint(string text) =>
        KernelOutput.Show(new HtmlSnippet("<blockquote style=\"border-left:4px solid #f4b400;margin:4px 0;padding:4px 10px;background:#fef7e0\"><b>Hint</b> " +
                                          HtmlText.Encode(text) + "</blockquote>"), CourseFormatters.Html);

    private static void Report(ExerciseResult result)
    {
        KernelOutput.Show(result, CourseFormatters.Html);
        if (!result.Passed && IsStrict) throw new ExerciseFailedException(result.ToString());
    }

    private static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>The outcome of one exercise check.</summary>
public sealed record ExerciseResult(string Name, bool Passed, string? Hint)
{
    public override string ToString() => Passed ? $"✔ {Name}: correct" : $"✘ {Name}: not yet — {Hint}";

    public string ToHtml()
    {
        string colour = Passed ? "#188038" : "#c5221f";
        return $"<div class=\"dlc-exercise\" style=\"font-family:sans-serif;color:{colour}\">{HtmlText.Encode(ToString())}</div>";
    }
}

/// <summary>Thrown by a failed exercise check in strict mode (<c>DLC_STRICT_EXERCISES=1</c>).</summary>
public sealed class ExerciseFailedException : Exception
{
    public ExerciseFailedException() { }
    public ExerciseFailedException(string message) : base(message) { }
    public ExerciseFailedException(string message, Exception inner) : base(message, inner) { }
}
