namespace DeepLearningCourse.Engine;

/// <summary>
/// A reparametrization that leaves a ReLU network's function unchanged: for α &gt; 0, ReLU(α z) = α ReLU(z), so in
/// <c>Linear → ReLU → Linear</c> scaling the first layer's weight and bias by α and the second layer's weight by 1/α
/// gives exactly the same outputs (up to float rounding). The loss surface is not the same in the new coordinates:
/// with θ' = Dθ (D = α on the first layer, 1/α on the second) the Hessian becomes H' = D⁻¹ H D⁻¹, so the second
/// layer's curvature grows like α² and the first layer's like 1/α². A "flat" minimum can be made as sharp as we like
/// without changing a single prediction (Dinh, Pascanu, Bengio &amp; Bengio, 2017).
/// </summary>
public static class ReluRescaling
{
    /// <summary>
    /// Scales <paramref name="first"/> (weight and bias) by <paramref name="alpha"/> and <paramref name="second"/>'s weight
    /// by 1/α, in place. The layers must be joined by a ReLU (or another positively homogeneous activation such as
    /// leaky ReLU); the second layer's bias is unchanged.
    /// </summary>
    public static void Apply(Linear first, Linear second, float alpha)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!(alpha > 0) || !float.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "ReluRescaling.Apply: α must be a finite number > 0; ReLU(αz) = αReLU(z) holds only for α > 0 (a negative α flips which units are active).");
        if (first.OutFeatures != second.InFeatures)
            throw new ShapeException($"ReluRescaling.Apply: the first layer {first.Describe()} has {first.OutFeatures} outputs but the second {second.Describe()} takes {second.InFeatures} inputs; pass two consecutive layers of one network.");
        Scale(first.Weight, alpha);
        if (first.Bias is { } bias) Scale(bias, alpha);
        Scale(second.Weight, 1f / alpha);
    }

    private static void Scale(Tensor parameter, float factor)
    {
        var data = parameter.Data;
        for (int i = 0; i < data.Length; i++) data[i] *= factor;
    }
}
