namespace DeepLearningCourse.Engine.Tests;

public class MassSpringTests
{
    [Fact]
    public void A_stretched_spring_pulls_both_ends_together_and_a_compressed_one_pushes_them_apart()
    {
        var springs = GraphStructure.Undirected(2, (0, 1));
        var stretched = MassSpring.Forces(Tensor.FromArray(new float[,] { { 0, 0 }, { 3, 0 } }), springs);
        NodeTestKit.AssertValues(stretched, [2, 2], [2, 0, -2, 0]);   // (3 − 1) along the spring
        var compressed = MassSpring.Forces(Tensor.FromArray(new float[,] { { 0, 0 }, { 0, 0.5f } }), springs, stiffness: 4);
        NodeTestKit.AssertValues(compressed, [2, 2], [0, -2, 0, 2]);  // 4 · (0.5 − 1), pushing apart
    }

    [Fact]
    public void Forces_add_over_springs_and_sum_to_zero_over_a_system()
    {
        var springs = GraphStructure.Undirected(3, (0, 1), (0, 2));
        var positions = Tensor.FromArray(new float[,] { { 0, 0 }, { 2, 0 }, { 0, -3 } });
        NodeTestKit.AssertValues(MassSpring.Forces(positions, springs), [3, 2], [1, -2, -1, 0, 0, 2]);
        var sample = MassSpring.Sample(new Random(3));
        var total = sample.Targets.Sum(0);
        Assert.True(total.AllClose(Tensor.Zeros(2), 1e-5f), $"Newton's third law: {total}");
    }

    [Fact]
    public void Samples_have_no_isolated_masses_keep_springs_long_enough_and_are_seeded()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var x = MassSpring.Sample(new Random(seed));
            Assert.InRange(x.Graph.NodeCount, 4, 7);
            Assert.True(x.Graph.InDegrees().All(d => d > 0));
            for (int e = 0; e < x.Graph.EdgeCount; e++)
            {
                int s = x.Graph.Senders[e], r = x.Graph.Receivers[e];
                float dx = x.Nodes[s, 0] - x.Nodes[r, 0], dy = x.Nodes[s, 1] - x.Nodes[r, 1];
                Assert.True(MathF.Sqrt(dx * dx + dy * dy) >= MassSpring.MinSpringLength);
            }
        }
        var a = MassSpring.Batch(5, new Random(1));
        var b = MassSpring.Batch(5, new Random(1));
        Assert.Equal(5, a.Graph.GraphCount);
        Assert.True(a.Nodes.AllClose(b.Nodes, 0) && a.Targets.AllClose(b.Targets, 0));
        Assert.Equal(a.Graph.Senders, b.Graph.Senders);
    }
}
