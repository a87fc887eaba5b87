namespace DeepLearningCourse.Engine;

/// <summary>
/// Toy sequence-to-sequence tasks for encoder–decoder and attention experiments. Tokens are whole numbers
/// 0..vocabSize−1 stored as floats (the format <see cref="Embedding"/> and <c>Loss.SoftmaxCrossEntropy</c> take).
/// Each returns X [N, T] (input tokens) and Y [N, T] (target token at each output position); flatten logits
/// [N, T, V] to [N·T, V] and Y to [N·T] for the loss.
/// </summary>
public static class SequenceTasks
{
    /// <summary>Reversal: x uniform over 0..vocabSize−1, y_t = x_{T−1−t}. Output t needs input T−1−t, so the ideal
    /// alignment between output and input positions is the anti-diagonal.</summary>
    public static Dataset Reverse(int count, int length, int vocabSize, Random random) =>
        Make(count, length, vocabSize, random, "Reverse", row => { Array.Reverse(row); return row; });

    /// <summary>Sorting: x uniform over 0..vocabSize−1, y = x sorted ascending. The alignment depends on the values.</summary>
    public static Dataset Sort(int count, int length, int vocabSize, Random random) =>
        Make(count, length, vocabSize, random, "Sort", row => { Array.Sort(row); return row; });

    /// <summary>Per-position accuracy of logits [N, T, V] against targets [N, T]: entry t is the fraction of rows
    /// whose arg-max at position t equals the target.</summary>
    public static double[] PositionAccuracy(Tensor logits, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.Rank != 3 || targets.Rank != 2 || logits.Shape[0] != targets.Shape[0] || logits.Shape[1] != targets.Shape[1])
            throw new ShapeException($"SequenceTasks.PositionAccuracy: logits {Tensor.ShapeText(logits.Shape)} and targets {Tensor.ShapeText(targets.Shape)} do not fit; use logits [N, T, V] and targets [N, T].");
        int n = logits.Shape[0], steps = logits.Shape[1], v = logits.Shape[2];
        var correct = new double[steps];
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < steps; t++)
            {
                var row = logits.Data.AsSpan((i * steps + t) * v, v);
                int best = 0;
                for (int c = 1; c < v; c++) if (row[c] > row[best]) best = c;
                if (best == (int)targets.Data[i * steps + t]) correct[t]++;
            }
        }
        return correct.Select(c => c / n).ToArray();
    }

    private static Dataset Make(int count, int length, int vocabSize, Random random, string name, Func<float[], float[]> target)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count <= 0 || length <= 0 || vocabSize <= 0)
            throw new ArgumentException($"SequenceTasks.{name}: count, length and vocabulary size must be positive, got {count}, {length}, {vocabSize}.");
        var x = new float[count * length];
        var y = new float[count * length];
        for (int i = 0; i < count; i++)
        {
            var row = new float[length];
            for (int t = 0; t < length; t++) row[t] = random.Next(vocabSize);
            row.CopyTo(x, i * length);
            target(row).CopyTo(y, i * length);
        }
        return new Dataset(new Tensor(x, count, length), new Tensor(y, count, length));
    }
}
