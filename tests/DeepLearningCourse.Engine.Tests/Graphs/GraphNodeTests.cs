namespace DeepLearningCourse.Engine.Tests;

public class GraphNodeTests
{
    [Fact]
    public void ScatterSum_adds_rows_into_their_buckets_and_leaves_empty_buckets_zero()
    {
        var x = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var y = new ScatterSumNode([2, 0, 2], 4).Forward(x);
        NodeTestKit.AssertValues(y, [4, 2], [3, 4, 0, 0, 6, 8, 0, 0]);
        NodeTestKit.AssertValues(new ScatterSumNode([1, 1], 2).Forward(Tensor.FromArray([2f, 5], 2)), [2], [0, 7]);
    }

    [Fact]
    public void ScatterSum_backward_hands_each_row_its_bucket_gradient()
    {
        var node = new ScatterSumNode([2, 0, 2], 3);
        node.Forward(Tensor.Zeros(3, 2));
        var dx = node.Backward(Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }))[0]!;
        NodeTestKit.AssertValues(dx, [3, 2], [5, 6, 1, 2, 5, 6]);
        NodeTestKit.AssertGradientsMatch(() => new ScatterSumNode([1, 0, 1, 3, 1], 4), [NodeTestKit.Random(1, -1, 1, 5, 3)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => new ScatterSumNode([1, 0, 1], 2).Apply(x), NodeTestKit.Random(2, -1, 1, 3, 2));
    }

    [Fact]
    public void ScatterSum_rejects_a_bucket_out_of_range_and_a_row_count_mismatch()
    {
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => new ScatterSumNode([0, 5], 3));
        Assert.Contains("bucket 5", range.Message);
        var shape = Assert.Throws<ShapeException>(() => new ScatterSumNode([0, 1], 3).Forward(Tensor.Zeros(3, 2)));
        Assert.Contains("[3, 2]", shape.Message);
        Assert.Contains("2 entries", shape.Message);
    }

    [Fact]
    public void EdgeSoftmax_normalises_over_each_receivers_edges()
    {
        // Edges 0, 1, 3 end at node 0; edge 2 at node 1; node 2 has none.
        var scores = Tensor.FromArray([0f, MathF.Log(2), 1000, MathF.Log(5)], 4);
        var a = new EdgeSoftmaxNode([0, 0, 1, 0], 3).Forward(scores);
        NodeTestKit.AssertValues(a, [4], [1f / 8, 2f / 8, 1, 5f / 8]);
        var perHead = new EdgeSoftmaxNode([0, 0], 1).Forward(Tensor.FromArray(new float[,] { { 0, 0 }, { 0, MathF.Log(3) } }));
        NodeTestKit.AssertValues(perHead, [2, 2], [0.5f, 0.25f, 0.5f, 0.75f]);
    }

    [Fact]
    public void EdgeSoftmax_gradients_match_finite_differences()
    {
        NodeTestKit.AssertGradientsMatch(() => new EdgeSoftmaxNode([0, 2, 0, 2, 2, 1], 3), [NodeTestKit.Random(3, -2, 2, 6)]);
        NodeTestKit.AssertGradientsMatch(() => new EdgeSoftmaxNode([1, 0, 1], 2), [NodeTestKit.Random(4, -2, 2, 3, 2)]);
    }

    [Fact]
    public void EdgeSoftmax_on_a_complete_graph_is_the_row_softmax()
    {
        var g = GraphStructure.Complete(3);
        var scores = NodeTestKit.Random(5, -3, 3, 3, 3);   // [receiver, sender], the complete graph's edge order
        var a = new EdgeSoftmaxNode(g.Receivers, 3).Forward(scores.Reshape(9));
        Assert.True(a.Reshape(3, 3).AllClose(scores.Softmax(), 1e-6f));
    }
}
