namespace DeepLearningCourse.Engine;

/// <summary>
/// The k nearest stored examples of each query, closest first.
/// </summary>
/// <param name="Indices">[queries · K] row-major: entry (q, r) is the stored example of rank r (0 = nearest) for query q.</param>
/// <param name="SquaredDistances">[queries · K] the matching squared Euclidean distances, ascending along each query.</param>
/// <param name="QueryCount">Number of queries.</param>
/// <param name="K">Neighbours kept per query.</param>
public sealed record NeighbourList(int[] Indices, float[] SquaredDistances, int QueryCount, int K)
{
    /// <summary>The stored-example index of query <paramref name="query"/>'s neighbour of rank <paramref name="rank"/>.</summary>
    public int Index(int query, int rank) => Indices[query * K + rank];

    /// <summary>The squared distance of query <paramref name="query"/> to its neighbour of rank <paramref name="rank"/>.</summary>
    public float SquaredDistance(int query, int rank) => SquaredDistances[query * K + rank];
}

/// <summary>
/// A k-nearest-neighbour classifier: a non-parametric model. "Training" is <see cref="Add"/>, which only stores
/// labelled examples; a prediction finds the k stored examples closest to the query (squared Euclidean distance, all
/// pairs at once with <see cref="PairwiseDistances"/> on the fast GEMM) and returns the majority class among them.
/// A tie between classes goes to the class whose member is nearest. New examples change predictions as soon as they
/// are added; the price is paid at prediction time: every query is compared with every stored example,
/// Q·N·D multiply-adds for Q queries, N stored examples of D features.
/// </summary>
/// <remarks>
/// Examples and queries are rows [N, D]; higher-rank inputs such as images [N, 1, 28, 28] are read as [N, 1·28·28].
/// Labels are class indices 0..C−1 stored as floats, [N], the format the engine's losses and metrics use.
/// Each <see cref="Add"/> keeps its examples as one block (nothing stored earlier is moved or copied again), and a search
/// runs one matrix product per block: add examples in batches rather than one at a time.
/// </remarks>
public sealed class KNearestNeighbours
{
    /// <summary>Queries per search step: bounds the distance matrix held at once to [256, largest stored block].</summary>
    private const int QueryBlock = 256;

    // Each Add keeps its own block of rows (a copy) and their squared norms, so adding never moves what is stored.
    private readonly List<(float[] Rows, float[] SquaredNorms, int Count)> _blocks = [];
    private readonly List<int> _labels = [];

    /// <summary>An empty classifier for <paramref name="classCount"/> classes and examples of <paramref name="features"/> numbers.</summary>
    public KNearestNeighbours(int classCount, int features)
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "KNearestNeighbours: classCount must be at least 1.");
        if (features < 1) throw new ArgumentOutOfRangeException(nameof(features), features, "KNearestNeighbours: features must be at least 1.");
        ClassCount = classCount;
        Features = features;
    }

    /// <summary>Number of classes C.</summary>
    public int ClassCount { get; }

    /// <summary>Numbers per example D.</summary>
    public int Features { get; }

    /// <summary>Number of stored examples N.</summary>
    public int Count { get; private set; }

    /// <summary>The label of stored example <paramref name="index"/>.</summary>
    public int Label(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"KNearestNeighbours.Label: index must be in 0..{Count - 1}.");
        return _labels[index];
    }

    /// <summary>Stored examples per class (length C).</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (int label in _labels) counts[label]++;
        return counts;
    }

    /// <summary>
    /// Stores labelled examples: <paramref name="examples"/> [N, D] (or [N, …] with D numbers per example) and
    /// <paramref name="labels"/> [N]. This is all the "training" there is: a copy, no optimisation.
    /// </summary>
    public void Add(Tensor examples, Tensor labels)
    {
        int n = RowCount(examples, "Add", "examples");
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Rank != 1 || labels.Shape[0] != n)
            throw new ShapeException($"KNearestNeighbours.Add: examples are {Tensor.ShapeText(examples.Shape)} so labels must be [{n}] (one class index per example), but labels are {Tensor.ShapeText(labels.Shape)}.");
        var newLabels = new int[n];
        for (int i = 0; i < n; i++)
        {
            float label = labels.Data[i];
            if (!(label >= 0 && label < ClassCount && label == MathF.Floor(label)))
                throw new ArgumentException($"KNearestNeighbours.Add: label {Tensor.FormatValue(label)} at row {i} is not a class index; labels must be whole numbers 0..{ClassCount - 1} (the classifier was made for {ClassCount} classes).", nameof(labels));
            newLabels[i] = (int)label;
        }

        if (n == 0) return;
        var rows = examples.Data[..(n * Features)];
        _blocks.Add((rows, PairwiseDistances.RowSquaredNorms(rows, n, Features), n));
        _labels.AddRange(newLabels);
        Count += n;
    }

    /// <summary>
    /// The <paramref name="k"/> nearest stored examples of each query in <paramref name="queries"/> [Q, D], closest first
    /// (equal distances: the example stored first comes first).
    /// </summary>
    public NeighbourList Nearest(Tensor queries, int k)
    {
        int q = RowCount(queries, "Nearest", "queries");
        CheckK(k, "Nearest");
        var indices = new int[q * k];
        var distances = new float[q * k];
        var filled = new int[q];
        int largestBlock = _blocks.Max(b => b.Count);
        var block = new float[Math.Min(QueryBlock, Math.Max(q, 1)) * largestBlock];
        for (int start = 0; start < q; start += QueryBlock)
        {
            int rows = Math.Min(QueryBlock, q - start);
            ReadOnlySpan<float> queryRows = queries.Data.AsSpan(start * Features, rows * Features);
            float[] queryNorms = PairwiseDistances.RowSquaredNorms(queryRows, rows, Features);
            int offset = 0;
            foreach (var (stored, storedNorms, count) in _blocks)
            {
                PairwiseDistances.Squared(queryRows, queryNorms, stored, storedNorms, block, rows, count, Features);
                for (int r = 0; r < rows; r++)
                {
                    int query = start + r;
                    KeepSmallest(block.AsSpan(r * count, count), offset, indices.AsSpan(query * k, k), distances.AsSpan(query * k, k), ref filled[query]);
                }
                offset += count;
            }
        }
        return new NeighbourList(indices, distances, q, k);
    }

    /// <summary>The predicted class of each query: the majority among its <paramref name="k"/> nearest stored examples.</summary>
    public int[] Predict(Tensor queries, int k) => Vote(Nearest(queries, k), k);

    /// <summary>
    /// Majority vote among the first <paramref name="k"/> neighbours of each query in <paramref name="neighbours"/>
    /// (which may hold more, so one search serves every k up to its <see cref="NeighbourList.K"/>). A tie goes to the
    /// tied class whose member is nearest.
    /// </summary>
    public int[] Vote(NeighbourList neighbours, int k)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        if (k < 1 || k > neighbours.K)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"KNearestNeighbours.Vote: k must be between 1 and the {neighbours.K} neighbours searched; search with a larger k first.");
        var predictions = new int[neighbours.QueryCount];
        var votes = new int[ClassCount];
        for (int query = 0; query < predictions.Length; query++)
        {
            Array.Clear(votes);
            int most = 0;
            for (int rank = 0; rank < k; rank++) most = Math.Max(most, ++votes[_labels[neighbours.Index(query, rank)]]);
            // The nearest neighbour whose class has the most votes decides (this breaks ties by distance).
            int rankOfWinner = 0;
            while (votes[_labels[neighbours.Index(query, rankOfWinner)]] < most) rankOfWinner++;
            predictions[query] = _labels[neighbours.Index(query, rankOfWinner)];
        }
        return predictions;
    }

    /// <summary>Fraction of <paramref name="queries"/> whose predicted class equals <paramref name="labels"/> [Q].</summary>
    public double Accuracy(Tensor queries, Tensor labels, int k) => AccuracyByK(queries, labels, k)[k - 1];

    /// <summary>
    /// Accuracy for every k = 1..<paramref name="maxK"/> (entry k − 1) from a single neighbour search.
    /// </summary>
    public double[] AccuracyByK(Tensor queries, Tensor labels, int maxK)
    {
        int q = RowCount(queries, "AccuracyByK", "queries");
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Rank != 1 || labels.Shape[0] != q)
            throw new ShapeException($"KNearestNeighbours.AccuracyByK: queries are {Tensor.ShapeText(queries.Shape)} so labels must be [{q}], but labels are {Tensor.ShapeText(labels.Shape)}.");
        var neighbours = Nearest(queries, maxK);
        var accuracies = new double[maxK];
        for (int k = 1; k <= maxK; k++)
        {
            int[] predicted = Vote(neighbours, k);
            int correct = 0;
            for (int i = 0; i < q; i++)
            {
                if (predicted[i] == labels.Data[i]) correct++;
            }
            accuracies[k - 1] = q == 0 ? 0 : (double)correct / q;
        }
        return accuracies;
    }

    /// <summary>Multiply-adds one prediction pass costs: Q·N·D (the distance matrix; the vote is negligible).</summary>
    public long PredictionMultiplyAdds(int queryCount) => (long)queryCount * Count * Features;

    /// <summary>
    /// Merges one row of distances (stored examples <paramref name="offset"/>, <paramref name="offset"/> + 1, …) into a
    /// query's running list of the k smallest, kept ascending; ties keep the lower index first.
    /// </summary>
    private static void KeepSmallest(ReadOnlySpan<float> row, int offset, Span<int> indices, Span<float> distances, ref int filled)
    {
        int k = indices.Length;
        for (int j = 0; j < row.Length; j++)
        {
            float d = row[j];
            if (filled == k && d >= distances[k - 1]) continue;
            int position = filled < k ? filled++ : k - 1;
            while (position > 0 && distances[position - 1] > d)
            {
                distances[position] = distances[position - 1];
                indices[position] = indices[position - 1];
                position--;
            }
            distances[position] = d;
            indices[position] = offset + j;
        }
    }

    private void CheckK(int k, string op)
    {
        if (Count == 0)
            throw new InvalidOperationException($"KNearestNeighbours.{op}: no examples are stored yet; call Add(examples, labels) first.");
        if (k < 1 || k > Count)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"KNearestNeighbours.{op}: k must be between 1 and the {Count} stored examples.");
    }

    private int RowCount(Tensor rows, string op, string name)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Rank < 2 || rows.Size != rows.Shape[0] * Features)
            throw new ShapeException($"KNearestNeighbours.{op}: {name} are {Tensor.ShapeText(rows.Shape)} but the classifier stores examples of D = {Features} numbers; pass [N, {Features}] (or [N, …] with {Features} numbers per row, e.g. images).");
        return rows.Shape[0];
    }
}
