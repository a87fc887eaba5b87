namespace DeepLearningCourse.Engine;

/// <summary>
/// Moves values between the two layouts of the fused sequence nodes: batch-major [B, T, width] (what the user sees:
/// x and the output) and time-major (the working buffers: row b of step t is t·B + b, so a step's rows are contiguous).
/// </summary>
internal static class SequenceLayout
{
    /// <summary>Batch-major [B, T, width] → time-major [T·B, width] (the first B·T·width values of <paramref name="timeMajor"/>).</summary>
    public static void ToTimeMajor(ReadOnlySpan<float> batchMajor, Span<float> timeMajor, int batch, int steps, int width)
    {
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                batchMajor.Slice((b * steps + t) * width, width).CopyTo(timeMajor.Slice((t * batch + b) * width, width));
    }

    /// <summary>Time-major blocks <paramref name="firstBlock"/> .. + T − 1 ([B, width] each) → a new batch-major [B, T, width] array.</summary>
    public static float[] ToBatchMajor(ReadOnlySpan<float> timeMajor, int firstBlock, int batch, int steps, int width)
    {
        var batchMajor = TensorMemory.Zeroed(batch * steps * width);
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                timeMajor.Slice(((firstBlock + t) * batch + b) * width, width).CopyTo(batchMajor.AsSpan((b * steps + t) * width, width));
        return batchMajor;
    }

    /// <summary>Step t of a batch-major [B, T, width] array, as a new [B, width] tensor.</summary>
    public static Tensor Step(ReadOnlySpan<float> batchMajor, int t, int batch, int steps, int width)
    {
        var values = TensorMemory.Zeroed(batch * width);
        for (int b = 0; b < batch; b++) batchMajor.Slice((b * steps + t) * width, width).CopyTo(values.AsSpan(b * width, width));
        return new Tensor(values, batch, width);
    }

    /// <summary>Block <paramref name="index"/> ([B, width]) of a time-major array, as a new tensor.</summary>
    public static Tensor Block(ReadOnlySpan<float> timeMajor, int index, int batch, int width) =>
        new(timeMajor.Slice(index * batch * width, batch * width).ToArray(), batch, width);
}
