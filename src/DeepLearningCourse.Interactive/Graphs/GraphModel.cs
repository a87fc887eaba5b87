using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Interactive;

/// <summary>The vertices (op outputs and leaves) and edges (input → op) behind a tensor, in a deterministic order.</summary>
internal sealed class GraphModel
{
    public List<Tensor> Vertices { get; } = [];
    public List<(int From, int To, int InputIndex, int InputCount)> Edges { get; } = [];
    public Tensor Root { get; private init; } = null!;

    public static GraphModel Build(Tensor root)
    {
        var model = new GraphModel { Root = root };
        var index = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        int IndexOf(Tensor t)
        {
            if (!index.TryGetValue(t, out int i))
            {
                i = model.Vertices.Count;
                model.Vertices.Add(t);
                index[t] = i;
            }
            return i;
        }
        if (root.Creator is null)
        {
            IndexOf(root);
            return model;
        }
        foreach (Node node in Autograd.TopologicalOrder(root.Creator))
        {
            IReadOnlyList<Tensor> inputs = node.Inputs;
            var inputIds = inputs.Select(IndexOf).ToList();
            int output = IndexOf(node.Output!);
            for (int i = 0; i < inputIds.Count; i++) model.Edges.Add((inputIds[i], output, i, inputIds.Count));
        }
        return model;
    }
}
