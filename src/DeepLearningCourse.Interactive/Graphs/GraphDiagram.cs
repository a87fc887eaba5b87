using System.Globalization;
using System.Text;
using DeepLearningCourse.Engine;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Pictures of small data graphs (a <see cref="GraphStructure"/>, not a computation graph): nodes as labelled
/// circles, an edge stored both ways as one line, a one-way edge as an arrow, a self-loop as a small ring. Nodes sit at
/// the given 2-D positions (e.g. the masses of a spring system) or, without positions, on a circle per graph of a
/// batch. Optional per-node arrows (forces, velocities) and per-node values (shading) show what message passing
/// computed. Inline SVG, no external references, deterministic.
/// </summary>
public static class GraphDiagram
{
    private const double NodeRadius = 13;
    private const double Panel = 260;      // size of one circle layout
    private const double PositionPanel = 380;  // size of the box for given positions
    private const double Margin = 30;
    private const double MaxArrow = 70;    // pixels of the longest arrow
    private static readonly string[] s_arrowColors = ["#db4437", "#0f9d58", "#4285f4", "#f4b400"];
    private static int s_drawingCounter;

    /// <summary>
    /// Draws <paramref name="graph"/>. <paramref name="labels"/>: text in each node (default: its number);
    /// <paramref name="positions"/> [N, 2]: where each node sits (y up); <paramref name="nodeValues"/>: shades each node
    /// from white (smallest) to blue (largest); <paramref name="arrows"/>: named sets of per-node vectors [N, 2], drawn
    /// from each node on one common scale (so arrows of different sets compare) with a legend.
    /// </summary>
    public static GraphDrawing Draw(GraphStructure graph, IReadOnlyList<string>? labels = null, Tensor? positions = null,
        IReadOnlyList<double>? nodeValues = null, IReadOnlyList<(string Name, Tensor Vectors)>? arrows = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = graph.NodeCount;
        if (labels is not null && labels.Count != n)
            throw new ArgumentException($"GraphDiagram.Draw: {labels.Count} labels for a graph of {n} nodes; give one label per node.", nameof(labels));
        if (nodeValues is not null && nodeValues.Count != n)
            throw new ArgumentException($"GraphDiagram.Draw: {nodeValues.Count} node values for a graph of {n} nodes; give one value per node.", nameof(nodeValues));
        if (positions is not null && (positions.Rank != 2 || positions.Shape[0] != n || positions.Shape[1] != 2))
            throw new ShapeException($"GraphDiagram.Draw: positions have shape {Tensor.ShapeText(positions.Shape)} but must be [N, 2] = [{n}, 2].");
        foreach (var (name, vectors) in arrows ?? [])
        {
            if (vectors.Rank != 2 || vectors.Shape[0] != n || vectors.Shape[1] != 2)
                throw new ShapeException($"GraphDiagram.Draw: arrows \"{name}\" have shape {Tensor.ShapeText(vectors.Shape)} but must be [N, 2] = [{n}, 2] (one vector per node).");
        }

        var (x, y, width, height) = positions is null ? CircleLayout(graph) : PositionLayout(positions);
        double top = title is null ? 0 : 22;
        double legend = arrows is null || arrows.Count == 0 ? 0 : 20;
        // Wide enough for the title and the legend (about 7 px per character at 12 px).
        width = Math.Max(width, Math.Max(16 + 7.2 * (title?.Length ?? 0), LegendWidth(arrows)));
        var svg = new StringBuilder();
        string id = Interlocked.Increment(ref s_drawingCounter).ToString(CultureInfo.InvariantCulture);
        svg.Append(Invariant($"<svg class=\"dlc-small-graph\" width=\"{width:0}\" height=\"{height + top + legend:0}\" viewBox=\"0 0 {width:0} {height + top + legend:0}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.Append("<defs>");
        AppendMarker(svg, $"dlc-edge-{id}", "#5f6368");
        for (int c = 0; c < s_arrowColors.Length; c++) AppendMarker(svg, $"dlc-vec-{id}-{c}", s_arrowColors[c]);
        svg.Append("</defs>");
        if (title is not null)
            svg.Append("<text x=\"8\" y=\"15\" font-weight=\"bold\">").Append(HtmlText.Encode(title)).Append("</text>");
        svg.Append(Invariant($"<g transform=\"translate(0,{top:0.#})\">"));
        AppendEdges(svg, graph, x, y, id);
        AppendNodes(svg, labels, nodeValues, x, y);
        if (arrows is not null) AppendArrows(svg, arrows, x, y, id);
        svg.Append("</g>");
        if (arrows is not null) AppendLegend(svg, arrows, height + top + 14, id);
        svg.Append("</svg>");
        return new GraphDrawing(svg.ToString(), n, graph.EdgeCount);
    }

    /// <summary>Each graph of a batch on its own circle, side by side.</summary>
    private static (double[] X, double[] Y, double Width, double Height) CircleLayout(GraphStructure graph)
    {
        int n = graph.NodeCount;
        var x = new double[n];
        var y = new double[n];
        var members = Enumerable.Range(0, graph.GraphCount).Select(g => new List<int>()).ToList();
        for (int i = 0; i < n; i++) members[graph.GraphOfNode[i]].Add(i);
        double radius = Panel / 2 - Margin;
        for (int g = 0; g < members.Count; g++)
        {
            double cx = Panel * g + Panel / 2, cy = Panel / 2;
            for (int k = 0; k < members[g].Count; k++)
            {
                // Node 0 at the top, then clockwise.
                double angle = -Math.PI / 2 + 2 * Math.PI * k / members[g].Count;
                x[members[g][k]] = members[g].Count == 1 ? cx : cx + radius * Math.Cos(angle);
                y[members[g][k]] = members[g].Count == 1 ? cy : cy + radius * Math.Sin(angle);
            }
        }
        return (x, y, Panel * Math.Max(1, members.Count), Panel);
    }

    /// <summary>Positions scaled into a square box (equal scale on both axes, y pointing up).</summary>
    private static (double[] X, double[] Y, double Width, double Height) PositionLayout(Tensor positions)
    {
        int n = positions.Shape[0];
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int i = 0; i < n; i++)
        {
            (minX, maxX) = (Math.Min(minX, positions[i, 0]), Math.Max(maxX, positions[i, 0]));
            (minY, maxY) = (Math.Min(minY, positions[i, 1]), Math.Max(maxY, positions[i, 1]));
        }
        double span = Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-9);
        double pad = Margin + MaxArrow / 2;     // room for arrows that point out of the box
        double inner = PositionPanel - 2 * pad, scale = inner / span;
        double offsetX = pad + (inner - (maxX - minX) * scale) / 2, offsetY = pad + (inner - (maxY - minY) * scale) / 2;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = offsetX + (positions[i, 0] - minX) * scale;
            y[i] = PositionPanel - (offsetY + (positions[i, 1] - minY) * scale);
        }
        return (x, y, PositionPanel, PositionPanel);
    }

    private static void AppendEdges(StringBuilder svg, GraphStructure graph, double[] x, double[] y, string id)
    {
        var pairs = new HashSet<(int, int)>();
        for (int e = 0; e < graph.EdgeCount; e++) pairs.Add((graph.Senders[e], graph.Receivers[e]));
        var drawn = new HashSet<(int, int)>();
        foreach (var (s, r) in pairs.Order())
        {
            if (s == r)
            {
                svg.Append(Invariant($"<circle cx=\"{x[s]:0.#}\" cy=\"{y[s] - NodeRadius - 7:0.#}\" r=\"8\" fill=\"none\" stroke=\"#5f6368\" stroke-width=\"1.3\"/>"));
                continue;
            }
            var key = (Math.Min(s, r), Math.Max(s, r));
            if (!drawn.Add(key)) continue;
            bool bothWays = pairs.Contains((r, s));
            double dx = x[r] - x[s], dy = y[r] - y[s], length = Math.Max(Math.Sqrt(dx * dx + dy * dy), 1e-9);
            double ux = dx / length, uy = dy / length;
            // Stop at the circles' rims, so an arrow head stays visible.
            double x1 = x[s] + ux * NodeRadius, y1 = y[s] + uy * NodeRadius, x2 = x[r] - ux * (NodeRadius + 1), y2 = y[r] - uy * (NodeRadius + 1);
            string marker = bothWays ? "" : $" marker-end=\"url(#dlc-edge-{id})\"";
            svg.Append(Invariant($"<line x1=\"{x1:0.#}\" y1=\"{y1:0.#}\" x2=\"{x2:0.#}\" y2=\"{y2:0.#}\" stroke=\"#5f6368\" stroke-width=\"1.6\"{marker}/>"));
        }
    }

    private static void AppendArrows(StringBuilder svg, IReadOnlyList<(string Name, Tensor Vectors)> arrows, double[] x, double[] y, string id)
    {
        double longest = arrows.SelectMany(a => Enumerable.Range(0, a.Vectors.Shape[0])
            .Select(i => Math.Sqrt(a.Vectors[i, 0] * (double)a.Vectors[i, 0] + a.Vectors[i, 1] * (double)a.Vectors[i, 1]))).DefaultIfEmpty(0).Max();
        if (longest == 0) return;
        double scale = MaxArrow / longest;
        for (int c = 0; c < arrows.Count; c++)
        {
            Tensor v = arrows[c].Vectors;
            string color = s_arrowColors[c % s_arrowColors.Length];
            // The first set is drawn wide and light underneath, so an arrow that matches it exactly still shows both.
            string stroke = c == 0 && arrows.Count > 1 ? "stroke-width=\"4.5\" opacity=\"0.45\"" : "stroke-width=\"2\" opacity=\"0.9\"";
            for (int i = 0; i < v.Shape[0]; i++)
            {
                double dx = v[i, 0] * scale, dy = -v[i, 1] * scale, length = Math.Sqrt(dx * dx + dy * dy);
                if (length < 2) continue;
                // From the node's rim outwards, so the node stays readable.
                double x1 = x[i] + dx / length * NodeRadius, y1 = y[i] + dy / length * NodeRadius;
                svg.Append(Invariant($"<line x1=\"{x1:0.#}\" y1=\"{y1:0.#}\" x2=\"{x1 + dx:0.#}\" y2=\"{y1 + dy:0.#}\" stroke=\"{color}\" {stroke} marker-end=\"url(#dlc-vec-{id}-{c % s_arrowColors.Length})\"/>"));
            }
        }
    }

    private static void AppendNodes(StringBuilder svg, IReadOnlyList<string>? labels, IReadOnlyList<double>? values, double[] x, double[] y)
    {
        double min = values is null || values.Count == 0 ? 0 : values.Min(), max = values is null || values.Count == 0 ? 1 : values.Max();
        for (int i = 0; i < x.Length; i++)
        {
            string fill = "#ffffff", text = "#202124";
            if (values is not null)
            {
                double t = max > min ? (values[i] - min) / (max - min) : 0;
                fill = Shade(t);
                if (t > 0.6) text = "#ffffff";
            }
            svg.Append(Invariant($"<g class=\"dlc-graph-node\"><circle cx=\"{x[i]:0.#}\" cy=\"{y[i]:0.#}\" r=\"{NodeRadius}\" fill=\"{fill}\" stroke=\"#1a73e8\" stroke-width=\"1.5\"/>"));
            svg.Append(Invariant($"<text x=\"{x[i]:0.#}\" y=\"{y[i] + 4:0.#}\" text-anchor=\"middle\" fill=\"{text}\">"))
                .Append(HtmlText.Encode(labels?[i] ?? i.ToString(CultureInfo.InvariantCulture))).Append("</text></g>");
        }
    }

    private static double LegendWidth(IReadOnlyList<(string Name, Tensor Vectors)>? arrows) =>
        arrows is null ? 0 : 10 + arrows.Sum(a => 40 + 7 * a.Name.Length);

    private static void AppendLegend(StringBuilder svg, IReadOnlyList<(string Name, Tensor Vectors)> arrows, double baseline, string id)
    {
        double x = 10;
        for (int c = 0; c < arrows.Count; c++)
        {
            int colour = c % s_arrowColors.Length;
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" y1=\"{baseline - 4:0.#}\" x2=\"{x + 22:0.#}\" y2=\"{baseline - 4:0.#}\" stroke=\"{s_arrowColors[colour]}\" stroke-width=\"2.2\" marker-end=\"url(#dlc-vec-{id}-{colour})\"/>"));
            svg.Append(Invariant($"<text x=\"{x + 28:0.#}\" y=\"{baseline:0.#}\">")).Append(HtmlText.Encode(arrows[c].Name)).Append("</text>");
            x += 40 + 7 * arrows[c].Name.Length;
        }
    }

    private static void AppendMarker(StringBuilder svg, string id, string color) =>
        svg.Append(Invariant($"<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>"));

    /// <summary>White (t = 0) to a strong blue (t = 1).</summary>
    private static string Shade(double t)
    {
        t = Math.Clamp(t, 0, 1);
        int r = (int)Math.Round(255 + (26 - 255) * t), g = (int)Math.Round(255 + (115 - 255) * t), b = (int)Math.Round(255 + (232 - 255) * t);
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
