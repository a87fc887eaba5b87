namespace DeepLearningCourse.Engine;

/// <summary>
/// Softmax over each node's incoming edges: a_e = exp(s_e) / Σ_{e' : receiver(e') = receiver(e)} exp(s_e').
/// Shapes: scores [E] (or [E, H], one softmax per column, e.g. per attention head) → weights of the same shape; the
/// weights of the edges that end at one node sum to 1. This is the softmax of attention with the keys a query may
/// see given by the graph instead of a mask. Computed with each group's maximum subtracted, so large scores do not
/// overflow.
/// Backward (per group, as for an ordinary softmax): ds_e = a_e (g_e − Σ_{e' in the group} a_e' g_e').
/// </summary>
public sealed class EdgeSoftmaxNode : Node
{
    private readonly int[] _receivers;
    private Tensor? _weights;

    /// <param name="receivers">The receiver of each edge, each in 0..nodeCount−1 (edges with the same receiver form one softmax).</param>
    /// <param name="nodeCount">The number of nodes.</param>
    public EdgeSoftmaxNode(IReadOnlyList<int> receivers, int nodeCount)
    {
        ArgumentNullException.ThrowIfNull(receivers);
        for (int e = 0; e < receivers.Count; e++)
        {
            if (receivers[e] < 0 || receivers[e] >= nodeCount)
                throw new ArgumentOutOfRangeException(nameof(receivers), $"EdgeSoftmax: edge {e} ends at node {receivers[e]} but the graph has {nodeCount} nodes (0..{nodeCount - 1}).");
        }
        _receivers = [.. receivers];
        NodeCount = nodeCount;
    }

    /// <summary>The number of nodes (softmax groups).</summary>
    public int NodeCount { get; }

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 1);
        Tensor s = inputs[0];
        if (s.Rank is not (1 or 2) || s.Shape[0] != _receivers.Length)
            throw new ShapeException($"{OpName}: scores have shape {Tensor.ShapeText(s.Shape)} but the graph has {_receivers.Length} edges; pass [E] or [E, heads] with E = {_receivers.Length}.");
        int columns = s.Rank == 1 ? 1 : s.Shape[1];
        var max = TensorMemory.Zeroed(NodeCount * columns);
        Array.Fill(max, float.NegativeInfinity);
        for (int e = 0; e < _receivers.Length; e++)
        {
            for (int c = 0; c < columns; c++)
            {
                ref float m = ref max[_receivers[e] * columns + c];
                m = MathF.Max(m, s.Data[e * columns + c]);
            }
        }
        var a = TensorMemory.Zeroed(s.Size);
        var sum = TensorMemory.Zeroed(NodeCount * columns);
        for (int e = 0; e < _receivers.Length; e++)
        {
            for (int c = 0; c < columns; c++)
            {
                int group = _receivers[e] * columns + c;
                a[e * columns + c] = MathF.Exp(s.Data[e * columns + c] - max[group]);
                sum[group] += a[e * columns + c];
            }
        }
        for (int e = 0; e < _receivers.Length; e++)
        {
            for (int c = 0; c < columns; c++) a[e * columns + c] /= sum[_receivers[e] * columns + c];
        }
        _weights = new Tensor(a, s.Shape);
        return _weights;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor weights = NodeArgs.Saved(this, _weights);
        float[] a = weights.Data, g = gradOutput.Data;
        int columns = weights.Rank == 1 ? 1 : weights.Shape[1];
        var dot = TensorMemory.Zeroed(NodeCount * columns);
        for (int e = 0; e < _receivers.Length; e++)
        {
            for (int c = 0; c < columns; c++) dot[_receivers[e] * columns + c] += a[e * columns + c] * g[e * columns + c];
        }
        var ds = TensorMemory.Zeroed(a.Length);
        for (int e = 0; e < _receivers.Length; e++)
        {
            for (int c = 0; c < columns; c++)
            {
                int i = e * columns + c;
                ds[i] = a[i] * (g[i] - dot[_receivers[e] * columns + c]);
            }
        }
        return [new Tensor(ds, weights.Shape)];
    }

    public override void ReleaseSavedState()
    {
        _weights = null;
        base.ReleaseSavedState();
    }
}
