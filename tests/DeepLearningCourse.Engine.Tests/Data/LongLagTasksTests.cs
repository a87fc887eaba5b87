namespace DeepLearningCourse.Engine.Tests.Data;

public sealed class LongLagTasksTests
{
    [Fact]
    public void RememberFirst_labels_each_sequence_with_its_first_symbol_and_marks_step_zero()
    {
        var (x, y) = LongLagTasks.RememberFirst(count: 50, length: 7, symbols: 3, new Random(0));
        Assert.Equal(new[] { 50, 7, 4 }, x.Shape.ToArray());
        Assert.Equal(new[] { 50 }, y.Shape.ToArray());
        for (int i = 0; i < 50; i++)
        {
            for (int t = 0; t < 7; t++)
            {
                var step = Enumerable.Range(0, 4).Select(c => x[i, t, c]).ToArray();
                Assert.Equal(1f, step.Take(3).Sum());                 // exactly one symbol per step
                Assert.Equal(t == 0 ? 1f : 0f, step[3]);              // the marker only at step 0
            }
            Assert.Equal(1f, x[i, 0, (int)y[i]]);
        }
        Assert.Equal(3, y.Data.Distinct().Count());
    }

    [Fact]
    public void RememberFirst_is_deterministic_for_a_seed()
    {
        var a = LongLagTasks.RememberFirst(10, 5, 4, new Random(3));
        var b = LongLagTasks.RememberFirst(10, 5, 4, new Random(3));
        Assert.Equal(a.X.Data, b.X.Data);
        Assert.Equal(a.Y.Data, b.Y.Data);
    }
}
