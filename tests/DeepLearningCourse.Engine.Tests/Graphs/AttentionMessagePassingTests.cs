namespace DeepLearningCourse.Engine.Tests;

public class AttentionMessagePassingTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    [Fact]
    public void Known_answer_one_receiver_two_senders()
    {
        // Node 0 receives from nodes 1 and 2; q_0 · k_1 = 1, q_0 · k_2 = 0 (d = 1, so no scaling).
        var g = GraphStructure.Directed(3, [(1, 0), (2, 0)]);
        var q = Tensor.FromArray([1f, 0, 0], 3, 1);
        var k = Tensor.FromArray([0f, 1, 0], 3, 1);
        var v = Tensor.FromArray(new float[,] { { 9, 9 }, { 1, 2 }, { 3, 4 } });
        var (y, w) = AttentionMessagePassing.Forward(q, k, v, g);
        float a1 = MathF.E / (MathF.E + 1), a2 = 1 - a1;
        NodeTestKit.AssertValues(w, [2], [a1, a2]);
        NodeTestKit.AssertValues(y, [3, 2], [a1 * 1 + a2 * 3, a1 * 2 + a2 * 4, 0, 0, 0, 0]);
        NodeTestKit.AssertValues(AttentionMessagePassing.WeightMatrix(w, g), [3, 3], [0, a1, a2, 0, 0, 0, 0, 0, 0]);
    }

    [Fact]
    public void On_the_complete_graph_it_is_scaled_dot_product_attention_in_values_and_gradients()
    {
        const int n = 6, d = 4;
        Tensor q = R(1, n, d).WithGrad(), k = R(2, n, d).WithGrad(), v = R(3, n, 3).WithGrad(), upstream = R(4, n, 3);
        var graph = GraphStructure.Complete(n);
        var (byMessages, weights) = AttentionMessagePassing.Forward(q, k, v, graph);
        (byMessages * upstream).Sum().Backward();
        var grads = new[] { q.Grad!.Clone(), k.Grad!.Clone(), v.Grad!.Clone() };
        q.ZeroGrad(); k.ZeroGrad(); v.ZeroGrad();
        var node = new ScaledDotProductAttentionNode();
        var byNode = node.Apply(q.Reshape(1, n, d), k.Reshape(1, n, d), v.Reshape(1, n, 3)).Reshape(n, 3);
        (byNode * upstream).Sum().Backward();
        Assert.True(byMessages.AllClose(byNode, 1e-6f));
        Assert.True(AttentionMessagePassing.WeightMatrix(weights, graph).AllClose(node.Weights!.Reshape(n, n), 1e-6f));
        Assert.True(grads[0].AllClose(q.Grad!, 1e-5f) && grads[1].AllClose(k.Grad!, 1e-5f) && grads[2].AllClose(v.Grad!, 1e-5f));
    }

    [Fact]
    public void On_the_causal_graph_it_is_causal_attention()
    {
        Tensor q = R(5, 5, 2), k = R(6, 5, 2), v = R(7, 5, 2);
        var (y, _) = AttentionMessagePassing.Forward(q, k, v, GraphStructure.Causal(5));
        var expected = Tensor.ScaledDotProductAttention(q.Reshape(1, 5, 2), k.Reshape(1, 5, 2), v.Reshape(1, 5, 2), causal: true).Reshape(5, 2);
        Assert.True(y.AllClose(expected, 1e-6f));
    }

    [Fact]
    public void Gradients_on_a_sparse_graph_match_finite_differences()
    {
        var g = GraphStructure.Undirected(4, (0, 1), (1, 2), (2, 3), (3, 3));
        NodeTestKit.AssertGradientsMatch(xs => AttentionMessagePassing.Forward(xs[0], xs[1], xs[2], g).Output, R(8, 4, 3), R(9, 4, 3), R(10, 4, 2));
    }

    [Fact]
    public void Shapes_that_do_not_fit_the_graph_are_rejected()
    {
        var error = Assert.Throws<ShapeException>(() => AttentionMessagePassing.Forward(R(1, 3, 2), R(2, 3, 3), R(3, 3, 2), GraphStructure.Complete(3)));
        Assert.Contains("same d", error.Message);
        Assert.Throws<ShapeException>(() => AttentionMessagePassing.Forward(R(1, 2, 2), R(2, 2, 2), R(3, 2, 2), GraphStructure.Complete(3)));
    }
}
