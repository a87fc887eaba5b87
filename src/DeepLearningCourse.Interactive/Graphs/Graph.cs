using System.Text;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Pictures of the computation graph behind a tensor: <see cref="Draw"/> gives an SVG diagram (no Graphviz, no CDN),
/// <see cref="Print"/> a text tree.
/// </summary>
/// <remarks>
/// Boxes are ops, labelled with the op name and output shape; rounded boxes are leaves: red for tensors that require
/// gradients (parameters), grey for data. Arrows run from inputs to the op that uses them; a small number near an arrow
/// head is the input's position when an op has several inputs (MatMul's A is 0, B is 1). Data flows top to bottom.
/// </remarks>
public static class Graph
{
    /// <summary>
    /// Draws the graph that produced <paramref name="root"/>.
    /// <paramref name="showValues"/> adds each tensor's value (up to 4 numbers) or mean and std;
    /// <paramref name="showGradients"/> adds the norm of each tensor's gradient after <c>Backward()</c>.
    /// </summary>
    public static GraphDrawing Draw(Tensor root, bool showValues = false, bool showGradients = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        return GraphLayout.Layout(GraphModel.Build(root), showValues, showGradients);
    }

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
    public static string Print(Tensor root) => GraphPrinter.Print(root);

    internal static string Describe(Tensor tensor) => GraphPrinter.Describe(tensor);
}

/// <summary>An SVG drawing of a computation graph; displays itself in a notebook as HTML.</summary>
public sealed class GraphDrawing
{
    internal GraphDrawing(string svg, int nodeCount, int edgeCount)
    {
        Svg = svg;
        NodeCount = nodeCount;
        EdgeCount = edgeCount;
    }

    /// <summary>The SVG element (inline SVG for an HTML page; no external references).</summary>
    public string Svg { get; }

    /// <summary>Number of boxes (ops and leaves).</summary>
    public int NodeCount { get; }

    /// <summary>Number of arrows.</summary>
    public int EdgeCount { get; }

    /// <summary>The SVG inside a scrollable div (SVG inside text/html survives every exporter).</summary>
    public string ToHtml() => "<div class=\"dlc-graph\" style=\"overflow-x:auto\">" + Svg + "</div>";

    public override string ToString() => Svg;
}
