using System.Diagnostics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// One differentiable operation. A node instance stands for <b>one call</b>: <see cref="Forward"/> computes the
/// output and keeps exactly what <see cref="Backward"/> needs; <see cref="Backward"/> takes the gradient of the loss
/// with respect to the output and returns the gradient with respect to each input, in input order.
/// </summary>
/// <remarks>
/// <para>By hand: <c>var relu = new ReluNode(); var y = relu.Forward(x); var dx = relu.Backward(dy)[0];</c></para>
/// <para>In a graph: <see cref="Apply"/> runs Forward and, when an input requires gradients, records this node as the
/// output's <see cref="Tensor.Creator"/> so <c>loss.Backward()</c> can call its Backward later. Because each call
/// gets a fresh node, using a layer twice in one graph keeps two separate saved states.</para>
/// <para>To add an op, subclass Node, override Forward and Backward, and call <c>new MyNode().Apply(inputs)</c>:
/// nothing else in the engine needs to change.</para>
/// </remarks>
public abstract class Node
{
    private Tensor[] _inputs = [];

    /// <summary>The op's name in graphs and errors: the class name without the "Node" suffix.</summary>
    public virtual string OpName
    {
        get
        {
            string name = GetType().Name;
            return name.EndsWith("Node", StringComparison.Ordinal) && name.Length > 4 ? name[..^4] : name;
        }
    }

    /// <summary>The tensors this node was applied to (set by <see cref="Apply"/>; empty for a node used by hand).</summary>
    public IReadOnlyList<Tensor> Inputs => _inputs;

    /// <summary>The tensor <see cref="Apply"/> produced, or null.</summary>
    public Tensor? Output { get; private set; }

    /// <summary>True once <see cref="ReleaseSavedState"/> ran; Backward can no longer be called.</summary>
    public bool SavedStateReleased { get; private set; }

    /// <summary>Milliseconds the last Forward and Backward took (filled in when <see cref="EngineLog.Level"/> is Timing or more).</summary>
    public double ForwardMilliseconds { get; private set; }

    /// <inheritdoc cref="ForwardMilliseconds"/>
    public double BackwardMilliseconds { get; internal set; }

    /// <summary>Computes the output from the inputs and keeps what Backward needs.</summary>
    public abstract Tensor Forward(params Tensor[] inputs);

    /// <summary>
    /// Given dL/d(output) (same shape as the output), returns dL/d(input) for each input, in order, each with its
    /// input's shape. An entry may be null for an input that is not differentiable (labels, indices, masks).
    /// </summary>
    public abstract Tensor?[] Backward(Tensor gradOutput);

    /// <summary>
    /// Runs <see cref="Forward"/> and records this node in the graph when gradients are enabled and an input
    /// requires them. Each node instance can be applied once.
    /// </summary>
    public Tensor Apply(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (Output is not null)
            throw new InvalidOperationException($"{OpName}: this node was already applied; a node stands for one call. Create a new {GetType().Name} for each call.");
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is null)
                throw new ArgumentNullException(nameof(inputs), $"{OpName}: input {i} is null.");
        }

        long start = EngineLog.Level >= EngineLogLevel.Timing ? Stopwatch.GetTimestamp() : 0;
        Tensor output = Forward(inputs);
        if (start != 0)
        {
            ForwardMilliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            EngineLog.Op(this, "forward", inputs, output, ForwardMilliseconds);
        }
        if (Diagnostics.CheckNumerics) Diagnostics.ThrowIfNotFinite(this, inputs, output, "forward");

        if (GradMode.IsEnabled && AnyRequiresGrad(inputs))
        {
            _inputs = inputs;
            output.RequiresGrad = true;
            output.Creator = this;
        }
        Output = output;
        return output;
    }

    /// <summary>
    /// True when Backward must compute the gradient of input <paramref name="index"/>: the input requires gradients
    /// in the recorded graph, or the node is used by hand (not applied), where every gradient is returned. A node may
    /// skip work and return null for inputs that need none (e.g. dL/dx of a network's first layer).
    /// </summary>
    protected bool NeedsGradient(int index) => _inputs.Length == 0 || index >= _inputs.Length || _inputs[index].RequiresGrad;

    /// <summary>
    /// True when each gradient <see cref="Backward"/> returns is a new tensor made for that call and that input alone
    /// (not gradOutput, not an input, nothing the node keeps). A parameter with no gradient yet then takes it as its
    /// Grad; otherwise the engine copies it first. False unless a node overrides it.
    /// </summary>
    protected internal virtual bool ReturnsNewGradients => false;

    /// <summary>
    /// Drops what Forward kept for Backward (called after Backward unless the graph is retained). Nodes that keep
    /// large buffers override this; call the base method.
    /// </summary>
    public virtual void ReleaseSavedState() => SavedStateReleased = true;

    /// <summary>"OpName([2, 3], [3, 4]) -> [2, 4]".</summary>
    public override string ToString()
    {
        string inputs = string.Join(", ", _inputs.Select(t => Tensor.ShapeText(t.Shape)));
        string output = Output is null ? "?" : Tensor.ShapeText(Output.Shape);
        return $"{OpName}({inputs}) -> {output}";
    }

    private static bool AnyRequiresGrad(Tensor[] inputs)
    {
        foreach (var t in inputs)
        {
            if (t.RequiresGrad) return true;
        }
        return false;
    }
}
