using System.Collections;

namespace DeepLearningCourse.Engine;

/// <summary>One mini-batch: the rows of X and Y picked for this step.</summary>
/// <param name="X">[batch, ...] rows of the inputs.</param>
/// <param name="Y">[batch, ...] the matching rows of the targets.</param>
/// <param name="Index">0 for the first batch of an epoch, 1 for the next, ...</param>
public readonly record struct Batch(Tensor X, Tensor Y, int Index);

/// <summary>
/// Splits a data set into mini-batches of <see cref="BatchSize"/> rows (copies; the last batch may be smaller unless
/// <c>dropLast</c>). Each enumeration is one epoch: with a <see cref="Random"/> it draws a fresh permutation of the
/// rows first (so a seeded generator gives the same sequence of epochs every run); without one the order is kept.
/// </summary>
/// <example><code>
/// var batches = new MiniBatches(x, y, batchSize: 32, new Random(0));
/// for (int epoch = 0; epoch &lt; 10; epoch++)
///     foreach (var (xb, yb, _) in batches) { ... }
/// </code></example>
public sealed class MiniBatches : IEnumerable<Batch>
{
    private readonly Random? _random;

    public MiniBatches(Tensor x, Tensor y, int batchSize, Random? random = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank == 0 || y.Rank == 0)
            throw new ShapeException($"MiniBatches: X is {Tensor.ShapeText(x.Shape)} and Y is {Tensor.ShapeText(y.Shape)}; both need a first axis of examples.");
        if (x.Shape[0] != y.Shape[0])
            throw new ShapeException($"MiniBatches: X is {Tensor.ShapeText(x.Shape)} but Y is {Tensor.ShapeText(y.Shape)}; they need the same number of rows (examples).");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "MiniBatches: batchSize must be at least 1.");
        X = x;
        Y = y;
        BatchSize = batchSize;
        DropLast = dropLast;
        _random = random;
    }

    public Tensor X { get; }

    public Tensor Y { get; }

    public int BatchSize { get; }

    /// <summary>True when a last, smaller batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Number of examples.</summary>
    public int ExampleCount => X.Shape[0];

    /// <summary>Number of batches per epoch.</summary>
    public int Count => DropLast ? ExampleCount / BatchSize : (ExampleCount + BatchSize - 1) / BatchSize;

    public IEnumerator<Batch> GetEnumerator()
    {
        int n = ExampleCount;
        int[] order = _random is null ? Enumerable.Range(0, n).ToArray() : Datasets.Permutation(n, _random);
        int count = Count;
        for (int b = 0; b < count; b++)
        {
            int start = b * BatchSize;
            ReadOnlySpan<int> rows = order.AsSpan(start, Math.Min(BatchSize, n - start));
            yield return new Batch(TakeRows(X, rows), TakeRows(Y, rows), b);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A new tensor holding the given rows (first-axis entries) of <paramref name="tensor"/>, in the given order.</summary>
    public static Tensor TakeRows(Tensor tensor, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank == 0) throw new ShapeException("TakeRows: a scalar has no rows.");
        int n = tensor.Shape[0];
        int width = n == 0 ? 0 : tensor.Size / n;
        var data = TensorMemory.Zeroed(rows.Length * width);
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)n) throw new IndexOutOfRangeException($"TakeRows: row {r} is outside 0..{n - 1} of shape {Tensor.ShapeText(tensor.Shape)}.");
            Array.Copy(tensor.Data, r * width, data, i * width, width);
        }
        int[] shape = (int[])tensor.Shape.Clone();
        shape[0] = rows.Length;
        return new Tensor(data, shape);
    }
}
