namespace DeepLearningCourse.Engine;

/// <summary>Which operand of a product a <see cref="GemmGate"/> applies to.</summary>
internal enum GatedOperand
{
    A,
    B,
}

/// <summary>
/// A ReLU gate on one operand of a product: the operand's value counts where the gate's value at the same place is
/// &gt; 0 and is 0 elsewhere, as if the operand were dy ⊙ [y &gt; 0]. Applied while the operand is packed, so the
/// gated gradient is never written out. Empty values: no gate.
/// </summary>
internal readonly ref struct GemmGate(ReadOnlySpan<float> values, GatedOperand operand)
{
    public ReadOnlySpan<float> Values { get; } = values;

    public GatedOperand Operand { get; } = operand;
}
