namespace DeepLearningCourse.Engine;

/// <summary>
/// Runs a row function over every line along one axis of a tensor viewed as [outer, n, inner] (see
/// <see cref="AxisSplit"/>). When inner is 1 the lines are contiguous and are passed directly; otherwise each is
/// gathered into a buffer, processed, and scattered back.
/// </summary>
public static class AxisRows
{
    /// <summary>A function of one input line writing one output line.</summary>
    public delegate void RowAction(ReadOnlySpan<float> row, Span<float> dest);

    /// <summary>A function of two aligned input lines writing one output line.</summary>
    public delegate void RowAction2(ReadOnlySpan<float> row, ReadOnlySpan<float> row2, Span<float> dest);

    /// <summary>Applies <paramref name="action"/> to each line of <paramref name="source"/> into the same line of <paramref name="dest"/>.</summary>
    public static void ForEach(float[] source, float[] dest, int outer, int n, int inner, RowAction action)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(dest);
        ArgumentNullException.ThrowIfNull(action);
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) action(source.AsSpan(o * n, n), dest.AsSpan(o * n, n));
            return;
        }
        var rowIn = TensorMemory.Zeroed(n);
        var rowOut = TensorMemory.Zeroed(n);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int first = o * n * inner + i;
                for (int j = 0; j < n; j++) rowIn[j] = source[first + j * inner];
                action(rowIn, rowOut);
                for (int j = 0; j < n; j++) dest[first + j * inner] = rowOut[j];
            }
        }
    }

    /// <summary>Like the one-input form, with two aligned inputs (e.g. a saved output and its gradient).</summary>
    public static void ForEach(float[] source, float[] source2, float[] dest, int outer, int n, int inner, RowAction2 action)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(source2);
        ArgumentNullException.ThrowIfNull(dest);
        ArgumentNullException.ThrowIfNull(action);
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) action(source.AsSpan(o * n, n), source2.AsSpan(o * n, n), dest.AsSpan(o * n, n));
            return;
        }
        var rowIn = TensorMemory.Zeroed(n);
        var rowIn2 = TensorMemory.Zeroed(n);
        var rowOut = TensorMemory.Zeroed(n);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int first = o * n * inner + i;
                for (int j = 0; j < n; j++)
                {
                    rowIn[j] = source[first + j * inner];
                    rowIn2[j] = source2[first + j * inner];
                }
                action(rowIn, rowIn2, rowOut);
                for (int j = 0; j < n; j++) dest[first + j * inner] = rowOut[j];
            }
        }
    }
}
