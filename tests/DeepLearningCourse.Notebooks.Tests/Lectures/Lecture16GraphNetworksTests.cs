namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture16GraphNetworksTests
{
    [Fact]
    public async Task Graph_networks_notebook_learns_springs_is_permutation_equivariant_and_equals_attention()
    {
        var r = await CourseNotebookRuns.SucceededAsync("16-graph-networks");

        // Gather + scatter-sum is A·h exactly; on the 3x4 grid a corner reaches the far corner in 5 rounds.
        Assert.Equal(0, r.Headline("16.neighbour_sum_vs_adjacency_max_diff"));
        Assert.Equal(5, r.Headline("16.rounds_to_reach_all"));

        // Mass-spring forces: the graph network learns them; the same network without edges cannot.
        double graphNet = r.Headline("16.graph_net_relative_error"), noEdges = r.Headline("16.no_edges_relative_error");
        Assert.InRange(graphNet, 0, 0.05);
        Assert.InRange(noEdges, 0.3, 1.1);
        Assert.True(noEdges > 10 * graphNet, $"graph network {graphNet} vs no edges {noEdges}");
        Assert.InRange(r.Headline("16.graph_net_larger_systems_error"), 0, 0.1);

        // Renumbering the nodes: node outputs move with the nodes, the sum readout does not change; comparing rows
        // without undoing the permutation shows large differences, so the check is not vacuous.
        Assert.InRange(r.Headline("16.permutation_node_max_diff"), 0, 1e-5);
        Assert.InRange(r.Headline("16.permutation_readout_max_diff"), 0, 1e-5);
        Assert.True(r.Headline("16.permutation_without_undo_diff") > 0.5);

        // Self-attention = message passing on the complete graph (values and gradients); causal mask = causal graph.
        Assert.InRange(r.Headline("16.attention_vs_message_passing_max_diff"), 0, 1e-5);
        Assert.InRange(r.Headline("16.attention_gradient_max_diff"), 0, 1e-5);
        Assert.InRange(r.Headline("16.causal_attention_vs_message_passing_max_diff"), 0, 1e-5);

        // Equal node features: a hexagon and two triangles are indistinguishable for message passing.
        Assert.InRange(r.Headline("16.hexagon_vs_triangles_readout_diff"), 0, 1e-5);

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
