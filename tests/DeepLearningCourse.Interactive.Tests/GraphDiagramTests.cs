using System.Globalization;
using System.Text.RegularExpressions;

namespace DeepLearningCourse.Interactive.Tests;

public partial class GraphDiagramTests
{
    [GeneratedRegex("<line [^>]*marker-end=\"url\\(#dlc-edge-")]
    private static partial Regex EdgeArrow();

    [GeneratedRegex("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\" r=\"13\"")]
    private static partial Regex NodeCircle();

    [Fact]
    public void Draw_shows_every_node_once_and_an_undirected_edge_as_one_plain_line()
    {
        var graph = GraphStructure.Undirected(4, (0, 1), (1, 2), (1, 3));
        var drawing = GraphDiagram.Draw(graph, labels: ["a", "b", "c", "d"], title: "a star");
        Assert.Equal(4, drawing.NodeCount);
        Assert.Equal(6, drawing.EdgeCount);
        Assert.Equal(4, NodeCircle().Matches(drawing.Svg).Count);
        Assert.Equal(3, Regex.Matches(drawing.Svg, "<line ").Count);     // three springs, not six directed edges
        Assert.Empty(EdgeArrow().Matches(drawing.Svg));
        foreach (string text in new[] { ">a<", ">b<", ">c<", ">d<", ">a star<" }) Assert.Contains(text, drawing.Svg);
        Assert.DoesNotContain("http", drawing.ToHtml());
    }

    [Fact]
    public void One_way_edges_get_arrow_heads_and_self_loops_a_ring()
    {
        var drawing = GraphDiagram.Draw(GraphStructure.Causal(3));
        Assert.Equal(3, EdgeArrow().Matches(drawing.Svg).Count);           // 0→1, 0→2, 1→2
        Assert.Equal(3, Regex.Matches(drawing.Svg, "r=\"8\" fill=\"none\"").Count);
    }

    [Fact]
    public void Positions_place_nodes_with_y_up_and_arrows_share_one_scale()
    {
        var positions = Tensor.FromArray(new float[,] { { 0, 0 }, { 2, 0 }, { 0, 1 } });
        var small = Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 0 }, { 0, 0 } });
        var large = Tensor.FromArray(new float[,] { { 2, 0 }, { 0, 0 }, { 0, 0 } });
        var drawing = GraphDiagram.Draw(GraphStructure.Undirected(3, (0, 1), (0, 2)), positions: positions,
            arrows: [("small", small), ("large", large)]);
        var centres = NodeCircle().Matches(drawing.Svg).Select(m => (X: Parse(m.Groups[1].Value), Y: Parse(m.Groups[2].Value))).ToList();
        Assert.True(centres[1].X > centres[0].X + 50);
        Assert.True(centres[2].Y < centres[0].Y - 20, "node 2 is higher up, so it has a smaller SVG y");
        var lengths = Regex.Matches(drawing.Svg, "<line x1=\"([0-9.]+)\" y1=\"[0-9.]+\" x2=\"([0-9.]+)\" y2=\"[0-9.]+\" stroke=\"#(db4437|0f9d58)\" stroke-width=\"[0-9.]+\" opacity")
            .Select(m => Parse(m.Groups[2].Value) - Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(2, lengths.Count);
        Assert.Equal(2 * lengths[0], lengths[1], 0.2);
        Assert.Contains(">small<", drawing.Svg);
        Assert.Contains(">large<", drawing.Svg);
    }

    [Fact]
    public void Node_values_shade_from_white_to_blue_and_batches_sit_side_by_side()
    {
        var batch = GraphStructure.Batch([GraphStructure.Undirected(2, (0, 1)), GraphStructure.Undirected(2, (0, 1))]);
        var drawing = GraphDiagram.Draw(batch, nodeValues: [0, 1, 0, 0.5]);
        Assert.Contains("fill=\"#ffffff\"", drawing.Svg);
        Assert.Contains("fill=\"#1a73e8\"", drawing.Svg);
        var xs = NodeCircle().Matches(drawing.Svg).Select(m => Parse(m.Groups[1].Value)).ToList();
        Assert.True(xs[2] > xs[0] + 150 && xs[3] > xs[1] + 150, "the second graph is drawn to the right of the first");
    }

    [Fact]
    public void Inputs_that_do_not_fit_the_graph_are_rejected_with_the_counts()
    {
        var graph = GraphStructure.Undirected(3, (0, 1));
        Assert.Contains("2 labels", Assert.Throws<ArgumentException>(() => GraphDiagram.Draw(graph, labels: ["a", "b"])).Message);
        Assert.Contains("[3, 2]", Assert.Throws<ShapeException>(() => GraphDiagram.Draw(graph, positions: Tensor.Zeros(2, 2))).Message);
        Assert.Contains("\"f\"", Assert.Throws<ShapeException>(() => GraphDiagram.Draw(graph, arrows: [("f", Tensor.Zeros(3, 3))])).Message);
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
