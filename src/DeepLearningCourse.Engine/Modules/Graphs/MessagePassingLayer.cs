namespace DeepLearningCourse.Engine;

/// <summary>
/// One round of message passing (a graph network block, Battaglia et al. 2018, without edge or global state):
/// <code>
/// m_e  = φ_message([h_sender(e), h_receiver(e)])       one message per edge          [E, M]
/// a_i  = Σ_{e : receiver(e) = i} m_e                   order-invariant aggregation    [N, M]
/// h'_i = φ_update([h_i, a_i])                          the node's new state           [N, out]
/// </code>
/// Shapes: node states [N, F] and a <see cref="GraphStructure"/> with N nodes → [N, out]. φ_message must map
/// [E, 2F] → [E, M] and φ_update [N, F + M] → [N, out]; any modules do (usually small MLPs).
/// The same φ's are used at every node and edge (weight sharing, as a convolution shares its filter over pixels),
/// so the layer works on graphs of any size, and renumbering the nodes only renumbers the output rows.
/// </summary>
public sealed class MessagePassingLayer : Module
{
    public MessagePassingLayer(Module message, Module update)
    {
        Message = AddModule("message", message);
        Update = AddModule("update", update);
    }

    /// <summary>φ_message: [h_sender, h_receiver] [E, 2F] → message [E, M].</summary>
    public Module Message { get; }

    /// <summary>φ_update: [h_i, Σ incoming messages] [N, F + M] → new state [N, out].</summary>
    public Module Update { get; }

    /// <summary>Sum of the incoming messages of each node [N, M] from the last call (zeros for a node without edges).</summary>
    public Tensor? LastAggregated { get; private set; }

    /// <summary>
    /// A layer whose φ's are two-layer ReLU MLPs: φ_message [2F] → hidden → ReLU → messageSize → ReLU,
    /// φ_update [F + messageSize] → hidden → ReLU → outFeatures (no activation at the end, so the output can be a
    /// regression target or logits).
    /// </summary>
    public static MessagePassingLayer Mlp(int nodeFeatures, int hidden, int messageSize, int outFeatures, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var message = new Sequential(new Linear(2 * nodeFeatures, hidden, random), new ReLU(), new Linear(hidden, messageSize, random), new ReLU());
        var update = new Sequential(new Linear(nodeFeatures + messageSize, hidden, random), new ReLU(), new Linear(hidden, outFeatures, random));
        return new MessagePassingLayer(message, update);
    }

    /// <summary>Not available: a message-passing layer needs the graph. Call <see cref="Forward(Tensor, GraphStructure)"/>.</summary>
    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException($"{Describe()}: message passing needs the graph as well as the node states; call Forward(nodeStates, graph).");

    /// <summary>Node states [N, F] on <paramref name="graph"/> → new node states [N, out].</summary>
    public Tensor Forward(Tensor nodeStates, GraphStructure graph)
    {
        ArgumentNullException.ThrowIfNull(nodeStates);
        ArgumentNullException.ThrowIfNull(graph);
        Tensor pairs = Tensor.Concat(1, graph.GatherSenders(nodeStates), graph.GatherReceivers(nodeStates));   // [E, 2F]
        Tensor aggregated = graph.SumAtReceivers(Message.Forward(pairs));                                        // [N, M]
        LastAggregated = aggregated;
        return Update.Forward(Tensor.Concat(1, nodeStates, aggregated));
    }

    public override string Describe() => "MessagePassingLayer";
}
