namespace DeepLearningCourse.Engine;

/// <summary>Argument checks shared by nodes, with messages that name the op.</summary>
public static class NodeArgs
{
    /// <summary>Throws unless exactly <paramref name="expected"/> inputs were given.</summary>
    public static void Count(Node node, Tensor[] inputs, int expected)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length != expected)
            throw new ArgumentException($"{node.OpName}: expected {expected} input(s) but got {inputs.Length}.");
    }

    /// <summary>Returns a value saved by Forward, or explains that Forward has not run.</summary>
    public static T Saved<T>(Node node, T? value) where T : class =>
        value ?? throw new InvalidOperationException($"{node.OpName}: Backward needs what Forward saves; call Forward first (or keep the graph with Backward(retainGraph: true)).");

    /// <summary>Throws when the tensor has no values.</summary>
    public static void NotEmpty(Node node, Tensor t, string name)
    {
        if (t.Size == 0)
            throw new ShapeException($"{node.OpName}: {name} has shape {Tensor.ShapeText(t.Shape)} with no values; it needs at least one.");
    }

    /// <summary>Throws unless the tensor has the given rank.</summary>
    public static void Rank(Node node, Tensor t, int rank, string name, string layout)
    {
        if (t.Rank != rank)
            throw new ShapeException($"{node.OpName}: {name} has shape {Tensor.ShapeText(t.Shape)} but must have rank {rank} ({layout}).");
    }
}
