namespace DeepLearningCourse.Engine;

/// <summary>
/// Scaled dot-product attention written as message passing on a graph:
/// <code>
/// s_e = q_receiver(e) · k_sender(e) / √d              one score per edge                 [E]
/// a_e = softmax of s over the edges into the same node                                     [E]
/// m_e = a_e · v_sender(e)                             the message along edge e              [E, dv]
/// y_i = Σ_{e : receiver(e) = i} m_e                   a node's new state                    [N, dv]
/// </code>
/// Shapes: queries and keys [N, d], values [N, dv], a graph with N nodes → [N, dv]. On
/// <see cref="GraphStructure.Complete"/> with self-loops this is exactly softmax(Q·Kᵀ/√d)·V, the self-attention of a
/// Transformer; on <see cref="GraphStructure.Causal"/> it is causal attention; on any other graph a node attends only
/// to the nodes that send to it (a graph attention network). Built from gathers, <see cref="EdgeSoftmaxNode"/> and
/// <see cref="ScatterSumNode"/>, so it is differentiable. A node without incoming edges gets zeros.
/// </summary>
public static class AttentionMessagePassing
{
    /// <summary>Attends along the edges of <paramref name="graph"/>; also returns the weight a_e of every edge [E].</summary>
    public static (Tensor Output, Tensor Weights) Forward(Tensor queries, Tensor keys, Tensor values, GraphStructure graph)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(graph);
        int n = graph.NodeCount;
        if (queries.Rank != 2 || keys.Rank != 2 || values.Rank != 2 || queries.Shape[0] != n || keys.Shape[0] != n || values.Shape[0] != n || keys.Shape[1] != queries.Shape[1])
            throw new ShapeException($"AttentionMessagePassing: queries {Tensor.ShapeText(queries.Shape)}, keys {Tensor.ShapeText(keys.Shape)}, values {Tensor.ShapeText(values.Shape)} do not fit a graph of {n} nodes; pass queries and keys [{n}, d] (same d) and values [{n}, dv].");
        float scale = 1f / MathF.Sqrt(queries.Shape[1]);
        Tensor scores = (graph.GatherReceivers(queries) * graph.GatherSenders(keys)).Sum(1) * scale;      // [E]
        Tensor weights = new EdgeSoftmaxNode(graph.Receivers, n).Apply(scores);                           // [E]
        Tensor messages = graph.GatherSenders(values) * weights.Reshape(graph.EdgeCount, 1);               // [E, dv]
        return (graph.SumAtReceivers(messages), weights);
    }

    /// <summary>
    /// Edge weights [E] laid out as the usual attention matrix [N, N]: entry [receiver, sender] (row = the node that
    /// attends, column = the node it attends to), 0 where there is no edge.
    /// </summary>
    public static Tensor WeightMatrix(Tensor weights, GraphStructure graph)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(graph);
        if (weights.Rank != 1 || weights.Shape[0] != graph.EdgeCount)
            throw new ShapeException($"AttentionMessagePassing.WeightMatrix: weights have shape {Tensor.ShapeText(weights.Shape)} but the graph has {graph.EdgeCount} edges; pass the [E] weights Forward returned.");
        var matrix = new float[graph.NodeCount * graph.NodeCount];
        for (int e = 0; e < graph.EdgeCount; e++) matrix[graph.Receivers[e] * graph.NodeCount + graph.Senders[e]] += weights.Data[e];
        return new Tensor(matrix, graph.NodeCount, graph.NodeCount);
    }
}
