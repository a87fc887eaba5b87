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
        ReadOnlySpan<int> validationRows = order.AsSpan(0, validationCount);
        ReadOnlySpan<int> trainRows = order.AsSpan(validationCount);
        return new DataSplit(
            new Dataset(MiniBatches.TakeRows(x, trainRows), MiniBatches.TakeRows(y, trainRows)),
            new Dataset(MiniBatches.TakeRows(x, validationRows), MiniBatches.TakeRows(y, validationRows)));
    }
}
