namespace DeepLearningCourse.Engine;

/// <summary>
/// Graph-level readouts: node states [N, F] → one row per graph [G, F], using <see cref="GraphStructure.GraphOfNode"/>
/// to tell the graphs of a batch apart. Sum and mean do not depend on the order of the nodes, so a readout of
/// order-equivariant node states is order-invariant: the same graph numbered differently gives the same row.
/// </summary>
public static class GraphReadout
{
    /// <summary>Row g = Σ of the states of graph g's nodes (a <see cref="ScatterSumNode"/> over the graph index).</summary>
    public static Tensor Sum(Tensor nodeStates, GraphStructure graph)
    {
        CheckRows(nodeStates, graph, "Sum");
        return new ScatterSumNode(graph.GraphOfNode, graph.GraphCount).Apply(nodeStates);
    }

    /// <summary>Row g = mean of the states of graph g's nodes (a graph without nodes gives zeros).</summary>
    public static Tensor Mean(Tensor nodeStates, GraphStructure graph)
    {
        Tensor sums = Sum(nodeStates, graph);
        var counts = new float[graph.GraphCount];
        foreach (int g in graph.GraphOfNode) counts[g]++;
        return sums / new Tensor([.. counts.Select(c => Math.Max(c, 1f))], graph.GraphCount, 1);
    }

    private static void CheckRows(Tensor nodeStates, GraphStructure graph, string op)
    {
        ArgumentNullException.ThrowIfNull(nodeStates);
        ArgumentNullException.ThrowIfNull(graph);
        if (nodeStates.Rank != 2 || nodeStates.Shape[0] != graph.NodeCount)
            throw new ShapeException($"GraphReadout.{op}: node states have shape {Tensor.ShapeText(nodeStates.Shape)} but the graph has {graph.NodeCount} nodes; pass [N, F] = [{graph.NodeCount}, F].");
    }
}
