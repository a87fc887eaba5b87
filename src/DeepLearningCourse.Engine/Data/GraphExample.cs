namespace DeepLearningCourse.Engine;

/// <summary>
/// One graph with per-node inputs and targets: node features [N, F] and node targets [N, T] for
/// <see cref="Graph"/>'s N nodes. <see cref="Batch"/> joins examples into one disjoint graph for a training step.
/// </summary>
public sealed record GraphExample(GraphStructure Graph, Tensor Nodes, Tensor Targets)
{
    /// <summary>The examples as one: graphs joined by <see cref="GraphStructure.Batch"/>, node rows stacked in the same order.</summary>
    public static GraphExample Batch(IReadOnlyList<GraphExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("GraphExample.Batch: no examples given; pass at least one.", nameof(examples));
        foreach (var x in examples)
        {
            if (x.Nodes.Shape[0] != x.Graph.NodeCount || x.Targets.Shape[0] != x.Graph.NodeCount)
                throw new ShapeException($"GraphExample.Batch: an example has nodes {Tensor.ShapeText(x.Nodes.Shape)} and targets {Tensor.ShapeText(x.Targets.Shape)} for a graph of {x.Graph.NodeCount} nodes; both need one row per node.");
        }
        return new GraphExample(
            GraphStructure.Batch([.. examples.Select(x => x.Graph)]),
            Tensor.Concat(0, [.. examples.Select(x => x.Nodes)]),
            Tensor.Concat(0, [.. examples.Select(x => x.Targets)]));
    }
}
