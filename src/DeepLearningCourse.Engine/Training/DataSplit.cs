namespace DeepLearningCourse.Engine;

/// <summary>
/// A random train/validation split: the validation set is held out to measure generalisation (and for early
/// stopping); the model never trains on it.
/// </summary>
public sealed record DataSplit(Dataset Train, Dataset Validation)
{
    /// <summary>
    /// Shuffles the rows with <paramref name="random"/> and puts round(fraction·N) of them in the validation set
    /// (at least 1 and at most N − 1).
    /// </summary>
    public static DataSplit Create(Dataset data, double validationFraction, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Create(data.X, data.Y, validationFraction, random);
    }

    /// <inheritdoc cref="Create(Dataset, double, Random)"/>
    public static DataSplit Create(Tensor x, Tensor y, double validationFraction, Random random)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(random);
        if (x.Rank == 0 || y.Rank == 0 || x.Shape[0] != y.Shape[0])
            throw new ShapeException($"DataSplit: X is {Tensor.ShapeText(x.Shape)} but Y is {Tensor.ShapeText(y.Shape)}; they need the same number of rows (examples).");
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "DataSplit: the validation fraction must be in (0, 1), e.g. 0.2.");
        int n = x.Shape[0];
        if (n < 2) throw new ShapeException($"DataSplit: X is {Tensor.ShapeText(x.Shape)}; splitting needs at least 2 examples.");
        int validationCount = Math.Clamp((int)Math.Round(validationFraction * n), 1, n - 1);
        int[] order = Datasets.Permutation(n, random);
        return FromOrder(x, y, order.AsSpan(0, validationCount), order.AsSpan(validationCount));
    }

    /// <summary>
    /// Like <see cref="Create(Dataset, double, Random)"/> but per class: each class contributes round(fraction·count)
    /// of its rows (at least 1 when it has 2 or more), so the validation set keeps the class proportions. Labels are
    /// class indices, [N] or [N, 1].
    /// </summary>
    public static DataSplit Stratified(Dataset data, double validationFraction, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(random);
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "DataSplit: the validation fraction must be in (0, 1), e.g. 0.2.");
        if (data.Y.Size != data.Count)
            throw new ShapeException($"DataSplit.Stratified: Y is {Tensor.ShapeText(data.Y.Shape)}; a stratified split needs one class label per row ([{data.Count}]).");
        int[] order = Datasets.Permutation(data.Count, random);
        var validation = new List<int>();
        var train = new List<int>();
        foreach (var group in order.GroupBy(row => data.Y.Data[row]).OrderBy(g => g.Key))
        {
            int[] rows = group.ToArray();
            int take = rows.Length < 2 ? 0 : Math.Clamp((int)Math.Round(validationFraction * rows.Length), 1, rows.Length - 1);
            validation.AddRange(rows.Take(take));
            train.AddRange(rows.Skip(take));
        }
        if (validation.Count == 0)
            throw new ShapeException($"DataSplit.Stratified: no class has 2 or more examples among {data.Count}; nothing can be held out.");
        return FromOrder(data.X, data.Y, validation.ToArray(), train.ToArray());
    }

    private static DataSplit FromOrder(Tensor x, Tensor y, ReadOnlySpan<int> validationRows, ReadOnlySpan<int> trainRows) =>
        new(
            new Dataset(MiniBatches.TakeRows(x, trainRows), MiniBatches.TakeRows(y, trainRows)),
            new Dataset(MiniBatches.TakeRows(x, validationRows), MiniBatches.TakeRows(y, validationRows)));
}
