namespace DeepLearningCourse.Engine.Tests;

public class MessagePassingTests
{
    private static GraphStructure Path4() => GraphStructure.Undirected(4, (0, 1), (1, 2), (2, 3));

    /// <summary>φ_message = identity on the sender half, φ_update = identity: h' = [h, Σ neighbours' h].</summary>
    private sealed class TakeSender(int features) : Module
    {
        public override Tensor Forward(Tensor input) => input.Slice(1, 0, features);
    }

    private sealed class Identity : Module
    {
        public override Tensor Forward(Tensor input) => input;
    }

    [Fact]
    public void Layer_with_identity_functions_concatenates_each_state_and_its_neighbour_sum()
    {
        var layer = new MessagePassingLayer(new TakeSender(1), new Identity());
        var h = Tensor.FromArray([1f, 2, 4, 8], 4, 1);
        var y = layer.Forward(h, Path4());
        NodeTestKit.AssertValues(y, [4, 2], [1, 2, 2, 5, 4, 10, 8, 4]);
        NodeTestKit.AssertValues(layer.LastAggregated!, [4, 1], [2, 5, 10, 4]);
    }

    [Fact]
    public void Layer_gradients_match_finite_differences_for_parameters_and_inputs()
    {
        // Smooth φ's (tanh): finite differences across a ReLU kink would not measure the derivative.
        var random = new Random(0);
        var layer = new MessagePassingLayer(
            new Sequential(new Linear(4, 5, random), new Tanh(), new Linear(5, 3, random)),
            new Sequential(new Linear(5, 4, random), new Tanh(), new Linear(4, 2, random)));
        var g = GraphStructure.Batch([Path4(), GraphStructure.Undirected(3, (0, 1), (0, 2))]);
        var h = NodeTestKit.Random(1, -1, 1, 7, 2);
        var target = NodeTestKit.Random(2, -1, 1, 7, 2);
        var result = GradientCheck.CheckModel(layer, () => Loss.MeanSquaredError(layer.Forward(h, g), target));
        Assert.True(result.Passed, result.ToString());
        NodeTestKit.AssertGradientsMatch(xs => layer.Forward(xs[0], g), h.Clone());
    }

    [Fact]
    public void Renumbering_nodes_permutes_node_outputs_and_leaves_the_readout_unchanged()
    {
        var layer = MessagePassingLayer.Mlp(3, 8, 4, 2, new Random(1));
        var g = GraphStructure.Undirected(5, (0, 1), (1, 2), (2, 0), (3, 4), (1, 3));
        var h = NodeTestKit.Random(3, -1, 1, 5, 3);
        int[] order = [4, 2, 0, 3, 1];
        using var _ = GradMode.Disable();
        var y = layer.Forward(h, g);
        var yPermuted = layer.Forward(GraphStructure.PermuteRows(h, order), g.Permute(order));
        Assert.True(yPermuted.AllClose(GraphStructure.PermuteRows(y, order), 1e-6f));
        Assert.True(GraphReadout.Sum(yPermuted, g.Permute(order)).AllClose(GraphReadout.Sum(y, g), 1e-5f));
        Assert.False(y.AllClose(GraphStructure.PermuteRows(y, order), 1e-3f), "the nodes must differ, or the check is vacuous");
    }

    [Fact]
    public void Without_edges_the_layer_sees_each_node_alone()
    {
        var layer = MessagePassingLayer.Mlp(2, 6, 3, 2, new Random(2));
        var h = NodeTestKit.Random(4, -1, 1, 4, 2);
        using var _ = GradMode.Disable();
        var alone = layer.Forward(h, Path4().WithoutEdges());
        var single = layer.Forward(h.Slice(0, 2, 1), GraphStructure.Undirected(1));
        Assert.True(alone.Slice(0, 2, 1).AllClose(single, 1e-6f));
        Assert.False(alone.AllClose(layer.Forward(h, Path4()), 1e-3f));
    }

    [Fact]
    public void Readouts_sum_and_average_each_graph_and_check_shapes()
    {
        var g = GraphStructure.Batch([Path4(), GraphStructure.Undirected(2, (0, 1))]);
        var h = Tensor.FromArray([1f, 2, 3, 4, 10, 20], 6, 1);
        NodeTestKit.AssertValues(GraphReadout.Sum(h, g), [2, 1], [10, 30]);
        NodeTestKit.AssertValues(GraphReadout.Mean(h, g), [2, 1], [2.5f, 15]);
        NodeTestKit.AssertGradientsMatch(xs => GraphReadout.Mean(xs[0], g), NodeTestKit.Random(5, -1, 1, 6, 2));
        var error = Assert.Throws<ShapeException>(() => GraphReadout.Sum(Tensor.Zeros(5, 1), g));
        Assert.Contains("6 nodes", error.Message);
        Assert.Throws<InvalidOperationException>(() => MessagePassingLayer.Mlp(1, 2, 2, 1, new Random(0)).Forward(h));
    }
}
