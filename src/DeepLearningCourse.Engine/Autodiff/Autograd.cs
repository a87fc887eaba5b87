using System.Diagnostics;

namespace DeepLearningCourse.Engine;

/// <summary>Reverse-mode automatic differentiation over the nodes recorded behind a tensor.</summary>
public static class Autograd
{
    /// <summary>
    /// Computes the gradient of <paramref name="root"/> with respect to every tensor behind it that requires
    /// gradients. Nodes are visited in reverse topological order; gradients of a tensor used several times are
    /// summed. Leaf tensors (parameters) <em>accumulate</em> into <see cref="Tensor.Grad"/>; every other tensor in
    /// the graph gets this call's gradient in its Grad, so intermediate gradients can be inspected.
    /// </summary>
    /// <param name="root">Usually a scalar loss.</param>
    /// <param name="gradient">dL/d(root); may be omitted for a one-value root (then 1).</param>
    /// <param name="retainGraph">Keep each node's saved state so Backward can run again over the same graph.</param>
    public static void Backward(Tensor root, Tensor? gradient = null, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (gradient is null)
        {
            if (root.Size != 1)
                throw new ShapeException($"Backward: the tensor has shape {Tensor.ShapeText(root.Shape)}; without an explicit gradient Backward needs a single value (a scalar loss). Reduce it with Sum() or Mean(), or pass the gradient.");
            gradient = Tensor.Ones(root.Shape);
        }
        else if (!gradient.SameShape(root))
        {
            throw new ShapeException($"Backward: the gradient has shape {Tensor.ShapeText(gradient.Shape)} but the tensor has {Tensor.ShapeText(root.Shape)}; they must match.");
        }
        if (!root.RequiresGrad)
            throw new InvalidOperationException("Backward: this tensor does not require gradients, so there is no graph behind it. Mark the parameters with WithGrad() before computing it, and do not compute it inside GradMode.Disable().");

        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        var owned = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        grads[root] = gradient;

        if (root.Creator is null)
        {
            AccumulateIntoLeaf(root, gradient, adopt: false);
            return;
        }

        List<Node> order = TopologicalOrder(root.Creator);
        for (int n = order.Count - 1; n >= 0; n--)
        {
            Node node = order[n];
            Tensor output = node.Output!;
            if (!grads.TryGetValue(output, out Tensor? gradOutput)) continue; // does not reach the root
            output.Grad = gradOutput;
            if (node.SavedStateReleased)
                throw new InvalidOperationException($"Backward: {node} already released what it saved for Backward. Call Backward(retainGraph: true) the first time to backpropagate through the same graph twice.");

            long start = EngineLog.Level >= EngineLogLevel.Timing ? Stopwatch.GetTimestamp() : 0;
            Tensor?[] inputGrads = node.Backward(gradOutput);
            if (start != 0)
            {
                node.BackwardMilliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                EngineLog.Op(node, "backward", [gradOutput], null, node.BackwardMilliseconds);
            }

            IReadOnlyList<Tensor> inputs = node.Inputs;
            if (inputGrads.Length != inputs.Count)
                throw new InvalidOperationException($"Backward: {node.OpName}.Backward returned {inputGrads.Length} gradients for {inputs.Count} inputs; return one per input (null for inputs without a gradient).");
            for (int i = 0; i < inputs.Count; i++)
            {
                Tensor input = inputs[i];
                if (!input.RequiresGrad) continue;
                Tensor? g = inputGrads[i] ?? throw new InvalidOperationException($"Backward: {node.OpName}.Backward returned no gradient for input {i} ({Tensor.ShapeText(input.Shape)}), which requires one.");
                if (!g.SameShape(input))
                    throw new ShapeException($"Backward: {node.OpName}.Backward returned a gradient of shape {Tensor.ShapeText(g.Shape)} for input {i} of shape {Tensor.ShapeText(input.Shape)}; a gradient must have its input's shape.");
                if (Diagnostics.CheckNumerics) Diagnostics.ThrowIfNotFinite(node, [gradOutput], g, $"backward (gradient for input {i})");

                if (input.Creator is null)
                {
                    AccumulateIntoLeaf(input, g, adopt: node.ReturnsNewGradients);
                }
                else if (grads.TryGetValue(input, out Tensor? sum))
                {
                    // Fan-out: the value was used more than once, so its gradient is the sum over its uses.
                    if (!owned.Contains(sum))
                    {
                        sum = sum.Clone();
                        owned.Add(sum);
                        grads[input] = sum;
                    }
                    CacheChunks.Add(sum.Data, g.Data, sum.Data);
                }
                else
                {
                    grads[input] = g;
                }
            }
            if (!retainGraph) node.ReleaseSavedState();
        }
    }

    /// <summary>
    /// The nodes behind <paramref name="last"/>, each after all nodes it depends on. Iterative depth-first search
    /// that visits inputs in order, so the order is the same on every run.
    /// </summary>
    public static List<Node> TopologicalOrder(Node last)
    {
        var order = new List<Node>();
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Node Node, int NextInput)>();
        stack.Push((last, 0));
        visited.Add(last);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            IReadOnlyList<Tensor> inputs = node.Inputs;
            if (next < inputs.Count)
            {
                stack.Push((node, next + 1));
                Node? child = inputs[next].Creator;
                if (child is not null && visited.Add(child)) stack.Push((child, 0));
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }

    /// <summary>
    /// Adds <paramref name="g"/> into the leaf's Grad. A leaf without one gets a copy of g, or g itself when
    /// <paramref name="adopt"/> says nothing else refers to it (a 784×256 weight gradient is not copied every step).
    /// </summary>
    private static void AccumulateIntoLeaf(Tensor leaf, Tensor g, bool adopt)
    {
        if (leaf.Grad is null || !leaf.Grad.SameShape(leaf))
            leaf.Grad = adopt ? g : g.Clone();
        else
            CacheChunks.Add(leaf.Grad.Data, g.Data, leaf.Grad.Data);
    }
}
