namespace DeepLearningCourse.Engine;

/// <summary>
/// Knowledge distillation (Hinton, Vinyals and Dean 2015): train a small student to reproduce a larger teacher's
/// softened class probabilities. The teacher's logits v [N, C] become soft targets softmax(v / T) once, before
/// training; the student's loss is <see cref="Loss(Tensor, Tensor, float)"/> (soft targets only) or
/// <see cref="Loss(Tensor, Tensor, Tensor, float, float)"/> (mixed with the usual cross-entropy on the labels).
/// A higher temperature T spreads the probability over more classes and shows the student which wrong classes the
/// teacher finds plausible (a shirt looks more like a T-shirt than like a sneaker).
/// </summary>
public static class Distillation
{
    /// <summary>
    /// softmax(<paramref name="teacherLogits"/> / T) row by row, [N, C] → [N, C], as constants (no graph is recorded,
    /// so no gradient flows into the teacher).
    /// </summary>
    public static Tensor SoftTargets(Tensor teacherLogits, float temperature)
    {
        ArgumentNullException.ThrowIfNull(teacherLogits);
        CheckTemperature(temperature, "Distillation.SoftTargets");
        if (teacherLogits.Rank != 2)
            throw new ShapeException($"Distillation.SoftTargets: teacher logits are {Tensor.ShapeText(teacherLogits.Shape)}; they must be [N, C], one row of class scores per example.");
        using (GradMode.Disable()) return (teacherLogits.Detach() / temperature).Softmax().Detach();
    }

    /// <summary>
    /// T² · mean over rows of KL(soft targets ‖ softmax(student logits / T)); see <see cref="DistillationLossNode"/>.
    /// </summary>
    public static Tensor Loss(Tensor studentLogits, Tensor softTargets, float temperature) =>
        new DistillationLossNode(temperature).Apply(studentLogits, softTargets);

    /// <summary>
    /// softWeight · T² · KL(soft targets ‖ softmax(z / T)) + (1 − softWeight) · cross-entropy(z, labels): Hinton's
    /// weighted mix of the teacher's soft targets and the true labels. softWeight = 1 uses the teacher only,
    /// 0 the labels only.
    /// </summary>
    public static Tensor Loss(Tensor studentLogits, Tensor softTargets, Tensor labels, float temperature, float softWeight)
    {
        if (!(softWeight >= 0 && softWeight <= 1))
            throw new ArgumentOutOfRangeException(nameof(softWeight), softWeight, "Distillation.Loss: softWeight must be between 0 (labels only) and 1 (soft targets only).");
        return softWeight * Loss(studentLogits, softTargets, temperature) +
               (1 - softWeight) * Engine.Loss.SoftmaxCrossEntropy(studentLogits, labels);
    }

    internal static void CheckTemperature(float temperature, string op)
    {
        if (!(temperature > 0) || float.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, $"{op}: the temperature must be a positive finite number (1 = the plain softmax, larger = softer); got {Tensor.FormatValue(temperature)}.");
    }
}
