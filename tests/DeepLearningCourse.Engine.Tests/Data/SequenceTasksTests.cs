namespace DeepLearningCourse.Engine.Tests.Data;

public class SequenceTasksTests
{
    [Fact]
    public void Reverse_targets_are_the_inputs_backwards()
    {
        var (x, y) = SequenceTasks.Reverse(20, 5, 10, new Random(3));
        Assert.Equal([20, 5], x.Shape);
        Assert.Equal([20, 5], y.Shape);
        for (int i = 0; i < 20; i++)
            for (int t = 0; t < 5; t++) Assert.Equal(x[i, 4 - t], y[i, t]);
        Assert.All(x.Data, v => Assert.InRange(v, 0f, 9f));
        Assert.True(x.Data.Distinct().Count() > 5);
    }

    [Fact]
    public void Sort_targets_are_sorted_inputs()
    {
        var (x, y) = SequenceTasks.Sort(10, 6, 4, new Random(4));
        for (int i = 0; i < 10; i++)
        {
            var row = Enumerable.Range(0, 6).Select(t => x[i, t]).Order().ToArray();
            Assert.Equal(row, Enumerable.Range(0, 6).Select(t => y[i, t]).ToArray());
        }
    }

    [Fact]
    public void Same_seed_gives_same_data()
    {
        Assert.Equal(SequenceTasks.Reverse(8, 4, 10, new Random(5)).X.Data, SequenceTasks.Reverse(8, 4, 10, new Random(5)).X.Data);
    }

    [Fact]
    public void Position_accuracy_counts_argmax_hits_per_position()
    {
        // two rows, two positions, three classes: row 0 right at t=0 and t=1, row 1 right only at t=1
        var logits = Tensor.FromArray([5f, 0f, 0f, 0f, 5f, 0f, 0f, 0f, 5f, 0f, 5f, 0f], 2, 2, 3);
        var targets = Tensor.FromArray([0f, 1f, 1f, 1f], 2, 2);
        Assert.Equal([0.5, 1.0], SequenceTasks.PositionAccuracy(logits, targets));
        Assert.Throws<ShapeException>(() => SequenceTasks.PositionAccuracy(logits, Tensor.Zeros(2, 3)));
    }
}
