using System.Globalization;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The connections of a graph for message passing: <see cref="NodeCount"/> nodes and <see cref="EdgeCount"/>
/// directed edges sender → receiver. An undirected edge is stored as two directed ones. (A graph's "node" here is a
/// vertex of the data, not a <see cref="Node"/> of the computation graph.)
/// </summary>
/// <remarks>
/// <para>Layouts: node states are a tensor [N, F] (row i belongs to node i), per-edge values [E, F] (row e belongs to
/// edge e). <see cref="GatherSenders"/> and <see cref="GatherReceivers"/> turn node rows into edge rows;
/// <see cref="SumAtReceivers"/> adds edge rows into node rows. With those three, one round of message passing is
/// <c>graph.SumAtReceivers(message(graph.GatherSenders(h), graph.GatherReceivers(h)))</c>.</para>
/// <para>A batch of graphs is one graph with no edges between its parts (<see cref="Batch"/>);
/// <see cref="GraphOfNode"/> says which part each node came from, which is what a per-graph readout needs.</para>
/// </remarks>
public sealed class GraphStructure
{
    private readonly int[] _senders, _receivers, _graphOfNode;
    private Tensor? _senderIndex, _receiverIndex;

    private GraphStructure(int nodeCount, int[] senders, int[] receivers, int[] graphOfNode, int graphCount)
    {
        (NodeCount, _senders, _receivers, _graphOfNode, GraphCount) = (nodeCount, senders, receivers, graphOfNode, graphCount);
    }

    /// <summary>N, the number of nodes.</summary>
    public int NodeCount { get; }

    /// <summary>E, the number of directed edges (an undirected edge counts twice).</summary>
    public int EdgeCount => _senders.Length;

    /// <summary>The number of graphs in a batch (1 for a single graph).</summary>
    public int GraphCount { get; }

    /// <summary>Sender node of each edge, [E].</summary>
    public IReadOnlyList<int> Senders => _senders;

    /// <summary>Receiver node of each edge, [E].</summary>
    public IReadOnlyList<int> Receivers => _receivers;

    /// <summary>For each node, the index of the graph it belongs to in a batch (all 0 for a single graph), [N].</summary>
    public IReadOnlyList<int> GraphOfNode => _graphOfNode;

    /// <summary>A graph with the given directed edges (sender, receiver), kept in the order given.</summary>
    public static GraphStructure Directed(int nodeCount, IEnumerable<(int Sender, int Receiver)> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (nodeCount < 0)
            throw new ArgumentOutOfRangeException(nameof(nodeCount), $"GraphStructure: the node count must not be negative, got {nodeCount}.");
        var list = edges.ToList();
        for (int e = 0; e < list.Count; e++)
        {
            var (s, r) = list[e];
            if (s < 0 || s >= nodeCount || r < 0 || r >= nodeCount)
                throw new ArgumentOutOfRangeException(nameof(edges),
                    $"GraphStructure: edge {e} is ({s} → {r}) but the nodes are numbered 0..{nodeCount - 1}; raise the node count or fix the edge.");
        }
        return new GraphStructure(nodeCount, [.. list.Select(p => p.Sender)], [.. list.Select(p => p.Receiver)], new int[nodeCount], 1);
    }

    /// <summary>
    /// A graph whose undirected edges {a, b} each become the two directed edges a → b and b → a (in that order);
    /// a self-loop {a, a} becomes one edge a → a.
    /// </summary>
    public static GraphStructure Undirected(int nodeCount, params (int A, int B)[] edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        return Directed(nodeCount, edges.SelectMany(p => p.A == p.B ? new[] { (p.A, p.B) } : [(p.A, p.B), (p.B, p.A)]));
    }

    /// <summary>
    /// Every node sends to every node: edges j → i for all i, j, grouped by receiver (edge i·N + j is j → i).
    /// Without <paramref name="selfLoops"/> the edges i → i are left out. Self-attention is message passing on the
    /// complete graph with self-loops.
    /// </summary>
    public static GraphStructure Complete(int nodeCount, bool selfLoops = true) =>
        Directed(nodeCount, Enumerable.Range(0, nodeCount)
            .SelectMany(i => Enumerable.Range(0, nodeCount).Where(j => selfLoops || j != i).Select(j => (j, i))));

    /// <summary>Node i receives from nodes 0..i (edges j → i for j ≤ i, grouped by receiver): a causal mask as a graph.</summary>
    public static GraphStructure Causal(int nodeCount) =>
        Directed(nodeCount, Enumerable.Range(0, nodeCount).SelectMany(i => Enumerable.Range(0, i + 1).Select(j => (j, i))));

    /// <summary>
    /// Several graphs as one: node and edge numbers of graph g are shifted past those of graphs 0..g−1, and no edge
    /// joins two graphs, so message passing never mixes them. <see cref="GraphOfNode"/> records where each node came from.
    /// </summary>
    public static GraphStructure Batch(IReadOnlyList<GraphStructure> graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        if (graphs.Count == 0) throw new ArgumentException("GraphStructure.Batch: no graphs given; pass at least one.", nameof(graphs));
        var senders = new List<int>();
        var receivers = new List<int>();
        var graphOf = new List<int>();
        int offset = 0, graphOffset = 0;
        foreach (var g in graphs)
        {
            senders.AddRange(g._senders.Select(s => s + offset));
            receivers.AddRange(g._receivers.Select(r => r + offset));
            graphOf.AddRange(g._graphOfNode.Select(k => k + graphOffset));
            offset += g.NodeCount;
            graphOffset += g.GraphCount;
        }
        return new GraphStructure(offset, [.. senders], [.. receivers], [.. graphOf], graphOffset);
    }

    /// <summary>The same nodes with no edges at all: message passing then sees each node alone (a baseline).</summary>
    public GraphStructure WithoutEdges() => new(NodeCount, [], [], _graphOfNode, GraphCount);

    /// <summary>
    /// The same graph with its nodes renumbered: new node k is old node <paramref name="order"/>[k]. Edges keep their
    /// order and connect the same (renamed) nodes. Pair it with <see cref="PermuteRows"/> on the node states.
    /// </summary>
    public GraphStructure Permute(IReadOnlyList<int> order)
    {
        int[] newIndexOf = CheckPermutation(order, NodeCount);
        return new GraphStructure(NodeCount, [.. _senders.Select(s => newIndexOf[s])], [.. _receivers.Select(r => newIndexOf[r])],
            [.. order.Select(old => _graphOfNode[old])], GraphCount);
    }

    /// <summary>Rows of <paramref name="states"/> [N, ...] in a new order: row k of the result is row order[k]. Differentiable.</summary>
    public static Tensor PermuteRows(Tensor states, IReadOnlyList<int> order)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Rank == 0)
            throw new ShapeException("GraphStructure.PermuteRows: a scalar (shape []) has no rows; pass node states [N, F].");
        CheckPermutation(order, states.Shape[0]);
        return IndexTensor(order).EmbeddingLookup(states.Reshape(states.Shape[0], -1)).Reshape(states.Shape);
    }

    /// <summary>
    /// Adjacency matrix [N, N]: A[r, s] = number of edges s → r. Then (A · h)[r] = Σ over r's incoming edges of
    /// h[sender], the same as <c>SumAtReceivers(GatherSenders(h))</c>.
    /// </summary>
    public Tensor Adjacency()
    {
        var a = new float[NodeCount * NodeCount];
        for (int e = 0; e < EdgeCount; e++) a[_receivers[e] * NodeCount + _senders[e]] += 1;
        return new Tensor(a, NodeCount, NodeCount);
    }

    /// <summary>Number of incoming edges of each node, [N].</summary>
    public int[] InDegrees()
    {
        var degrees = new int[NodeCount];
        foreach (int r in _receivers) degrees[r]++;
        return degrees;
    }

    /// <summary>Row e of the result is the sender's row: node states [N, F] → per-edge [E, F]. Backward adds each edge's gradient back to its sender.</summary>
    public Tensor GatherSenders(Tensor nodeStates) => Gather(nodeStates, _senderIndex ??= IndexTensor(_senders), "GatherSenders");

    /// <summary>Row e of the result is the receiver's row: node states [N, F] → per-edge [E, F].</summary>
    public Tensor GatherReceivers(Tensor nodeStates) => Gather(nodeStates, _receiverIndex ??= IndexTensor(_receivers), "GatherReceivers");

    /// <summary>
    /// The aggregation step: per-edge messages [E, F] → [N, F], row i = sum of the messages of the edges that end at
    /// node i (zeros for a node without incoming edges). A sum does not depend on the order of the edges.
    /// </summary>
    public Tensor SumAtReceivers(Tensor messages) => new ScatterSumNode(_receivers, NodeCount).Apply(messages);

    /// <summary>"GraphStructure(5 nodes, 12 edges)" (and the number of graphs in a batch).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GraphStructure({NodeCount} nodes, {EdgeCount} edges{(GraphCount > 1 ? $", {GraphCount} graphs" : "")})");

    private Tensor Gather(Tensor nodeStates, Tensor index, string op)
    {
        ArgumentNullException.ThrowIfNull(nodeStates);
        if (nodeStates.Rank != 2 || nodeStates.Shape[0] != NodeCount)
            throw new ShapeException($"GraphStructure.{op}: node states have shape {Tensor.ShapeText(nodeStates.Shape)} but the graph has {NodeCount} nodes; pass [N, F] = [{NodeCount}, F] (one row per node).");
        return index.EmbeddingLookup(nodeStates);
    }

    private static Tensor IndexTensor(IReadOnlyList<int> indices) => new([.. indices.Select(i => (float)i)], indices.Count);

    /// <summary>Throws unless <paramref name="order"/> holds each of 0..n−1 once; returns the inverse (old index → new index).</summary>
    private static int[] CheckPermutation(IReadOnlyList<int> order, int n)
    {
        ArgumentNullException.ThrowIfNull(order);
        var inverse = Enumerable.Repeat(-1, n).ToArray();
        if (order.Count != n)
            throw new ArgumentException($"GraphStructure: a permutation of {n} nodes needs {n} entries but got {order.Count}.", nameof(order));
        for (int k = 0; k < n; k++)
        {
            int old = order[k];
            if (old < 0 || old >= n || inverse[old] >= 0)
                throw new ArgumentException($"GraphStructure: the order [{string.Join(", ", order)}] is not a permutation of 0..{n - 1}; each node must appear exactly once.", nameof(order));
            inverse[old] = k;
        }
        return inverse;
    }
}
