namespace DeepLearningCourse.Engine.Tests;

public class GraphStructureTests
{
    // 0 — 1 — 2, and 1 — 3: node 1 has three neighbours.
    private static GraphStructure Star() => GraphStructure.Undirected(4, (0, 1), (1, 2), (1, 3));

    [Fact]
    public void Undirected_edges_are_stored_both_ways_with_the_adjacency_and_degrees_they_imply()
    {
        var g = Star();
        Assert.Equal(6, g.EdgeCount);
        Assert.Equal([0, 1, 1, 2, 1, 3], g.Senders);
        Assert.Equal([1, 0, 2, 1, 3, 1], g.Receivers);
        Assert.Equal([1, 3, 1, 1], g.InDegrees());
        NodeTestKit.AssertValues(g.Adjacency(), [4, 4], [0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0]);
        Assert.Equal("GraphStructure(4 nodes, 6 edges)", g.ToString());
    }

    [Fact]
    public void Sum_of_gathered_senders_is_the_adjacency_times_the_states()
    {
        var g = Star();
        var h = Tensor.FromArray(new float[,] { { 1, 10 }, { 2, 20 }, { 3, 30 }, { 4, 40 } });
        var neighbourSums = g.SumAtReceivers(g.GatherSenders(h));
        // Node 1 hears 1 + 3 + 4; the leaves hear node 1.
        NodeTestKit.AssertValues(neighbourSums, [4, 2], [2, 20, 8, 80, 2, 20, 2, 20]);
        Assert.True(neighbourSums.AllClose(g.Adjacency().MatMul(h)));
    }

    [Fact]
    public void Complete_and_causal_graphs_have_the_expected_edges()
    {
        var complete = GraphStructure.Complete(3);
        Assert.Equal(9, complete.EdgeCount);
        Assert.True(complete.Adjacency().AllClose(Tensor.Ones(3, 3)));
        Assert.Equal(6, GraphStructure.Complete(3, selfLoops: false).EdgeCount);
        var causal = GraphStructure.Causal(4);
        Assert.Equal(10, causal.EdgeCount);
        Assert.True(causal.Adjacency().AllClose(AttentionMask.Causal(4)));
    }

    [Fact]
    public void Batch_keeps_graphs_apart_and_records_where_each_node_came_from()
    {
        var batch = GraphStructure.Batch([Star(), GraphStructure.Undirected(2, (0, 1))]);
        Assert.Equal(6, batch.NodeCount);
        Assert.Equal(8, batch.EdgeCount);
        Assert.Equal(2, batch.GraphCount);
        Assert.Equal([0, 0, 0, 0, 1, 1], batch.GraphOfNode);
        Assert.Equal([4, 5], batch.Senders.Skip(6));
        Assert.Equal([5, 4], batch.Receivers.Skip(6));
    }

    [Fact]
    public void Permute_renames_nodes_so_message_passing_gives_permuted_rows()
    {
        var g = Star();
        var h = NodeTestKit.Random(1, -1, 1, 4, 3);
        int[] order = [2, 0, 3, 1];
        var permuted = g.Permute(order);
        var expected = GraphStructure.PermuteRows(g.SumAtReceivers(g.GatherSenders(h)), order);
        var actual = permuted.SumAtReceivers(permuted.GatherSenders(GraphStructure.PermuteRows(h, order)));
        Assert.True(actual.AllClose(expected, 0));
        Assert.Equal([1, 1, 1, 3], permuted.InDegrees());   // old node 1 (degree 3) is new node 3
    }

    [Fact]
    public void Bad_input_gets_errors_that_name_the_problem()
    {
        var edge = Assert.Throws<ArgumentOutOfRangeException>(() => GraphStructure.Undirected(3, (0, 3)));
        Assert.Contains("0..2", edge.Message);
        var order = Assert.Throws<ArgumentException>(() => Star().Permute([0, 0, 1, 2]));
        Assert.Contains("not a permutation", order.Message);
        var states = Assert.Throws<ShapeException>(() => Star().GatherSenders(Tensor.Zeros(3, 2)));
        Assert.Contains("[3, 2]", states.Message);
        Assert.Contains("4 nodes", states.Message);
        Assert.Throws<ArgumentException>(() => GraphStructure.Batch([]));
    }
}
