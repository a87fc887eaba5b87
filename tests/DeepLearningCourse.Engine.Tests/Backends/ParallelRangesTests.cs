namespace DeepLearningCourse.Engine.Tests;

public class ParallelRangesTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(17, 3)]
    [InlineData(65536, 2)]
    [InlineData(200705, 2)]
    [InlineData(100003, 7)]
    public void Ranges_cover_every_element_once_and_start_on_whole_vectors(int length, int parts)
    {
        int next = 0;
        for (int part = 0; part < parts; part++)
        {
            var (start, end) = ParallelRanges.Range(length, part, parts);
            Assert.Equal(next, start);
            Assert.True(start % 16 == 0 || start == length, $"part {part} starts at {start}");
            Assert.True(end >= start);
            next = end;
        }
        Assert.Equal(length, next);
    }

    [Fact]
    public void A_long_pass_visits_each_element_once_and_a_short_one_runs_on_the_caller()
    {
        var visits = new int[3 * ParallelRanges.MinimumPerPart + 5];
        ParallelRanges.Run(visits.Length, visits, static (start, end, v) =>
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref v[i]);
        });
        Assert.All(visits, count => Assert.Equal(1, count));

        int caller = Environment.CurrentManagedThreadId, ranThere = -1;
        ParallelRanges.Run(100, 0, (start, end, _) => ranThere = Environment.CurrentManagedThreadId);
        Assert.Equal(caller, ranThere);
    }

    [Fact]
    public void Adam_and_SGD_steps_on_a_long_parameter_equal_one_pass_over_it_bit_for_bit()
    {
        int length = 2 * ParallelRanges.MinimumPerPart + 1001; // split across the worker threads where there are two
        var random = new Random(3);
        float[] Fill() => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] start = Fill(), gradient = Fill();

        var adamParameter = new Tensor((float[])start.Clone(), length).WithGrad();
        var adam = new Adam([adamParameter], learningRate: 0.01f);
        var sgdParameter = new Tensor((float[])start.Clone(), length).WithGrad();
        var sgd = new SGD([sgdParameter], learningRate: 0.1f);
        float[] w = (float[])start.Clone(), m = new float[length], v = new float[length];
        for (int step = 1; step <= 3; step++)
        {
            adamParameter.Grad = new Tensor((float[])gradient.Clone(), length);
            adam.Step();
            sgdParameter.Grad = new Tensor((float[])gradient.Clone(), length);
            sgd.Step();
            Adam.FusedUpdate(w, gradient, m, v, 0.9f, 0.999f, 1e-8f, (float)(0.01f / (1 - Math.Pow(0.9f, step))), (float)(1 / Math.Sqrt(1 - Math.Pow(0.999f, step))));
        }
        Assert.Equal(w, adamParameter.Data);

        float[] expected = (float[])start.Clone();
        for (int step = 0; step < 3; step++) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, -0.1f, expected, expected);
        Assert.Equal(expected, sgdParameter.Data);
    }
}
