using System.Text;

namespace DeepLearningCourse.Engine;

/// <summary>The graph behind a tensor as text: one line per op or leaf with its name and shape.</summary>
public static class GraphPrinter
{
    /// <summary>
    /// The graph as an indented tree, root first; a subgraph used more than once is printed once and then referred to.
    /// <code>
    /// Sum [] "loss"
    /// └─ Relu [2, 3]
    ///    └─ MatMul [2, 3]
    ///       ├─ "x" [2, 4] data
    ///       └─ "W" [4, 3] parameter
    /// </code>
    /// </summary>
    public static string Print(Tensor root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var sb = new StringBuilder();
        var printed = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        // Depth-first with an explicit stack (an unrolled RNN is hundreds of levels deep).
        var stack = new Stack<(Tensor Tensor, string Lead, string ChildIndent)>();
        stack.Push((root, "", ""));
        while (stack.Count > 0)
        {
            var (tensor, lead, childIndent) = stack.Pop();
            sb.Append(lead).Append(Describe(tensor));
            if (tensor.Creator is not null && !printed.Add(tensor))
            {
                sb.Append(" (shown above)\n");
                continue;
            }
            sb.Append('\n');
            if (tensor.Creator is null) continue;
            IReadOnlyList<Tensor> inputs = tensor.Creator.Inputs;
            for (int i = inputs.Count - 1; i >= 0; i--)
            {
                bool last = i == inputs.Count - 1;
                stack.Push((inputs[i], childIndent + (last ? "└─ " : "├─ "), childIndent + (last ? "   " : "│  ")));
            }
        }
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>"MatMul [2, 3]" for an op's output, "\"W\" [4, 3] parameter" or "[2, 4] data" for a leaf.</summary>
    public static string Describe(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        string shape = Tensor.ShapeText(tensor.Shape);
        string label = tensor.Label is null ? "" : $" \"{tensor.Label}\"";
        if (tensor.Creator is not null) return $"{tensor.Creator.OpName} {shape}{label}";
        string kind = tensor.RequiresGrad ? "parameter" : "data";
        return tensor.Label is null ? $"{shape} {kind}" : $"\"{tensor.Label}\" {shape} {kind}";
    }
}
