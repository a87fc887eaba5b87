namespace DeepLearningCourse.Engine;

/// <summary>Builds the masks the attention layers take.</summary>
public static class AttentionMask
{
    /// <summary>
    /// Padding mask [B, T] from sequence lengths: row b is 1 for positions 0..lengths[b]−1 (real tokens) and 0 after
    /// (padding), e.g. lengths [3, 1] with T = 4 → [[1, 1, 1, 0], [1, 0, 0, 0]].
    /// </summary>
    public static Tensor FromLengths(int[] lengths, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        var mask = TensorMemory.Zeroed(lengths.Length * maxLength);
        for (int b = 0; b < lengths.Length; b++)
        {
            if (lengths[b] < 0 || lengths[b] > maxLength)
                throw new ArgumentOutOfRangeException(nameof(lengths), $"AttentionMask.FromLengths: sequence {b} has length {lengths[b]}, outside 0..{maxLength} (the padded length).");
            mask.AsSpan(b * maxLength, lengths[b]).Fill(1f);
        }
        return new Tensor(mask, lengths.Length, maxLength);
    }

    /// <summary>
    /// The causal pattern as a [T, T] matrix of 1 (query i may attend key j, j ≤ i) and 0 (the future), for plotting
    /// or for explaining what <c>causal: true</c> does.
    /// </summary>
    public static Tensor Causal(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var mask = TensorMemory.Zeroed(length * length);
        for (int i = 0; i < length; i++) mask.AsSpan(i * length, i + 1).Fill(1f);
        return new Tensor(mask, length, length);
    }
}
