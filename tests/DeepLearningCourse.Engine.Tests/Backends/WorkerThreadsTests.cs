namespace DeepLearningCourse.Engine.Tests;

public class WorkerThreadsTests
{
    [Fact]
    public void Every_part_runs_exactly_once()
    {
        foreach (int parts in new[] { 1, 2, 3, 7 })
        {
            for (int repeat = 0; repeat < 20; repeat++)
            {
                var runs = new int[parts];
                WorkerThreads.Run(parts, runs, static (part, counts) => Interlocked.Increment(ref counts[part]));
                Assert.All(runs, count => Assert.Equal(1, count));
            }
        }
    }

    [Fact]
    public void A_failing_part_is_rethrown_to_the_caller_and_the_helpers_keep_working()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            WorkerThreads.Run(4, 0, static (part, _) =>
            {
                if (part == 3) throw new InvalidOperationException("part 3 failed");
            }));
        Assert.Equal("part 3 failed", ex.Message);

        var runs = new int[4];
        WorkerThreads.Run(4, runs, static (part, counts) => Interlocked.Increment(ref counts[part]));
        Assert.All(runs, count => Assert.Equal(1, count));
    }
}
