namespace DeepLearningCourse.Engine;

/// <summary>
/// Synthetic sequence tasks whose answer depends on an input far in the past: the classic tests of whether a recurrent
/// network can carry information (and gradients) over many steps.
/// </summary>
public static class LongLagTasks
{
    /// <summary>
    /// "Remember the first symbol": each sequence has <paramref name="length"/> steps of one-hot symbols from an alphabet of
    /// <paramref name="symbols"/>, plus one marker channel that is 1 at step 0 only. Steps 1..T−1 are random distractor
    /// symbols; the label is the symbol at step 0. X [count, length, symbols + 1], y [count] in 0..symbols−1; chance
    /// accuracy is 1 / symbols.
    /// </summary>
    public static Dataset RememberFirst(int count, int length, int symbols, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count <= 0 || length <= 0 || symbols < 2)
            throw new ArgumentException($"LongLagTasks.RememberFirst: need count > 0, length > 0 and at least 2 symbols; got {count}, {length}, {symbols}.");
        int width = symbols + 1;
        var x = new float[count * length * width];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            for (int t = 0; t < length; t++)
            {
                int symbol = random.Next(symbols);
                int offset = (i * length + t) * width;
                x[offset + symbol] = 1;
                if (t == 0)
                {
                    x[offset + symbols] = 1;
                    y[i] = symbol;
                }
            }
        }
        return new Dataset(new Tensor(x, count, length, width), new Tensor(y, count));
    }
}
