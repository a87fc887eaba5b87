namespace DeepLearningCourse.Engine.Tests.Training;

public class BatchingAndMetricsTests
{
    private static (Tensor X, Tensor Y) Numbered(int n) =>
        (new Tensor(Enumerable.Range(0, 2 * n).Select(i => (float)i).ToArray(), n, 2), Tensor.Arange(n));

    [Fact]
    public void MiniBatches_without_random_keep_order_and_last_batch_is_smaller()
    {
        var (x, y) = Numbered(7);
        var batches = new MiniBatches(x, y, 3).ToList();
        Assert.Equal(3, batches.Count);
        Assert.Equal([3, 2], batches[0].X.Shape);
        Assert.Equal([1, 2], batches[2].X.Shape);
        Assert.Equal([6f], batches[2].Y.Data);
        Assert.Equal([12f, 13f], batches[2].X.Data);
        Assert.Equal(2, new MiniBatches(x, y, 3, dropLast: true).Count());
    }

    [Fact]
    public void MiniBatches_shuffle_covers_every_row_once_keeps_pairs_and_reshuffles_each_epoch()
    {
        var (x, y) = Numbered(10);
        var batches = new MiniBatches(x, y, 4, new Random(1));
        var epoch1 = batches.SelectMany(b => b.Y.Data).ToArray();
        var epoch2 = batches.SelectMany(b => b.Y.Data).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), epoch1.Order());
        Assert.NotEqual(epoch1, epoch2);
        Assert.NotEqual(Enumerable.Range(0, 10).Select(i => (float)i), epoch1);
        foreach (var b in batches)
        {
            for (int r = 0; r < b.Y.Size; r++) Assert.Equal(2 * b.Y.Data[r], b.X.Data[2 * r]); // rows stay paired
        }
        var again = new MiniBatches(x, y, 4, new Random(1)).SelectMany(b => b.Y.Data).ToArray();
        Assert.Equal(epoch1, again);
    }

    [Fact]
    public void MiniBatches_reject_mismatched_rows()
    {
        var ex = Assert.Throws<ShapeException>(() => new MiniBatches(Tensor.Zeros(5, 2), Tensor.Zeros(4), 2));
        Assert.Contains("[5, 2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataSplit_partitions_the_rows()
    {
        var (x, y) = Numbered(10);
        var split = DataSplit.Create(x, y, 0.3, new Random(2));
        Assert.Equal(7, split.Train.Count);
        Assert.Equal(3, split.Validation.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), split.Train.Y.Data.Concat(split.Validation.Y.Data).Order());
        Assert.Equal(2 * split.Validation.Y.Data[0], split.Validation.X.Data[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Create(x, y, 1.0, new Random(2)));
    }

    [Fact]
    public void Stratified_split_keeps_class_proportions()
    {
        // 30 of class 0, 10 of class 1, 20 of class 2.
        var labels = Enumerable.Repeat(0f, 30).Concat(Enumerable.Repeat(1f, 10)).Concat(Enumerable.Repeat(2f, 20)).ToArray();
        var data = new Dataset(Tensor.Arange(60).Reshape(60, 1), Tensor.FromArray(labels));
        var split = DataSplit.Stratified(data, 0.2, new Random(3));
        Assert.Equal([6, 2, 4], Enumerable.Range(0, 3).Select(c => split.Validation.Y.Data.Count(v => v == c)));
        Assert.Equal(48, split.Train.Count);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (float)i), split.Train.X.Data.Concat(split.Validation.X.Data).Order());
        for (int i = 0; i < split.Validation.Count; i++)
            Assert.Equal(labels[(int)split.Validation.X.Data[i]], split.Validation.Y.Data[i]); // rows stay paired
    }

    [Fact]
    public void Smoothed_is_a_bias_corrected_moving_average()
    {
        var smoothed = TrainingHistory.Smoothed([2.0, 2.0, 2.0]);
        Assert.All(smoothed, v => Assert.Equal(2.0, v, 12)); // a constant stays constant (no pull towards 0)
        var step = TrainingHistory.Smoothed([0.0, 1.0], beta: 0.5);
        Assert.Equal(0.0, step[0], 12);
        Assert.Equal((0.5 * 0.5 * 0 + 0.5 * 1) / (1 - 0.25), step[1], 12);
    }

    [Fact]
    public void Accuracy_uses_argmax_or_the_sign_of_one_logit()
    {
        var logits = Tensor.FromArray(new float[,] { { 2, 1, 0 }, { 0, 3, 1 }, { 1, 0, 5 }, { 4, 0, 0 } });
        Assert.Equal(0.75, Metrics.Accuracy(logits, Tensor.FromArray([0f, 1f, 2f, 1f])), 10);
        Assert.Equal([0, 1, 2, 0], Metrics.Predictions(logits));
        var binary = Tensor.FromArray([-1f, 2f, 0.5f], 3, 1);
        Assert.Equal(2.0 / 3, Metrics.Accuracy(binary, Tensor.FromArray([0f, 1f, 0f], 3, 1)), 10);
    }

    [Fact]
    public void ConfusionMatrix_counts_true_by_predicted()
    {
        var logits = Tensor.FromArray(new float[,] { { 2, 1, 0 }, { 0, 3, 1 }, { 1, 0, 5 }, { 4, 0, 0 } });
        var m = Metrics.ConfusionMatrix(logits, Tensor.FromArray([0f, 1f, 2f, 1f]));
        Assert.Equal(new int[,] { { 1, 0, 0 }, { 1, 1, 0 }, { 0, 0, 1 } }, m);
    }

    [Fact]
    public void Metrics_reject_mismatched_labels()
    {
        var ex = Assert.Throws<ShapeException>(() => Metrics.Accuracy(Tensor.Zeros(4, 3), Tensor.Zeros(5)));
        Assert.Contains("[4, 3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[5]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EarlyStopping_stops_after_patience_and_restores_best_weights()
    {
        var model = new Linear(1, 1, new Random(1));
        var stopper = new EarlyStopping(patience: 2);
        double[] losses = [1.0, 0.5, 0.6, 0.7, 0.4];
        bool stopped = false;
        float bestWeight = 0;
        for (int e = 0; e < losses.Length && !stopped; e++)
        {
            model.Weight.Data[0] = e;
            if (e == 1) bestWeight = e;
            stopped = stopper.Update(model, losses[e]);
        }
        Assert.True(stopped);
        Assert.Equal(4, stopper.EpochCount);
        Assert.Equal(1, stopper.BestEpoch);
        Assert.Equal(0.5, stopper.BestLoss);
        Assert.Equal(bestWeight, model.Weight.Data[0]);
    }

    [Fact]
    public void EarlyStopping_min_delta_ignores_tiny_improvements()
    {
        var model = new Linear(1, 1, new Random(1));
        var stopper = new EarlyStopping(patience: 1, minDelta: 0.1, restoreBestWeights: false);
        Assert.False(stopper.Update(model, 1.0));
        Assert.True(stopper.Update(model, 0.95));
        Assert.Equal(0, stopper.BestEpoch);
    }
}
