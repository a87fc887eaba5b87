using System.Text.RegularExpressions;

namespace DeepLearningCourse.Interactive.Tests;

public partial class GraphTests
{
    private static (Tensor Loss, Tensor X, Tensor W) SmallNetwork()
    {
        var x = Tensor.FromArray(new float[,] { { 1, 2, 3, 4 }, { -1, 0, 1, 2 } }).Named("x");
        var w = Tensor.Normal(new Random(0), 0, 1, 4, 3).Named("W").WithGrad();
        var loss = x.MatMul(w).Relu().Sum().Named("loss");
        return (loss, x, w);
    }

    [Fact]
    public void Draw_shows_ops_with_output_shapes_and_labelled_leaves()
    {
        var (loss, _, _) = SmallNetwork();
        var drawing = Graph.Draw(loss);
        Assert.Equal(5, drawing.NodeCount); // x, W, MatMul, Relu, Sum
        Assert.Equal(4, drawing.EdgeCount);
        foreach (string text in new[] { ">MatMul<", ">Relu<", ">Sum<", ">x<", ">W<", ">[2, 4]<", ">[4, 3]<", ">[2, 3]<", ">loss []<" })
            Assert.Contains(text, drawing.Svg);
        Assert.StartsWith("<svg", drawing.Svg);
        Assert.DoesNotContain("http", drawing.ToHtml());
    }

    [Fact]
    public void Draw_puts_inputs_above_the_ops_that_use_them()
    {
        var (loss, _, _) = SmallNetwork();
        string svg = Graph.Draw(loss).Svg;
        double Y(string text) => double.Parse(Regex.Match(svg, "y=\"([0-9.]+)\"[^>]*>" + Regex.Escape(text) + "<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Y("x") < Y("MatMul"));
        Assert.True(Y("MatMul") < Y("Relu"));
        Assert.True(Y("Relu") < Y("Sum"));
    }

    [Fact]
    public void Draw_with_values_and_gradients_adds_them_after_backward()
    {
        var (loss, _, _) = SmallNetwork();
        Assert.Contains("∇ none yet", Graph.Draw(loss, showGradients: true).Svg);
        loss.Backward();
        string svg = Graph.Draw(loss, showValues: true, showGradients: true).Svg;
        Assert.Contains("‖∇‖ = ", svg);
        Assert.DoesNotContain("∇ none yet", svg);
        Assert.Contains("= " + Tensor.FormatValue(loss.Item()), svg);
        Assert.Contains("μ ", svg); // the [2, 3] tensors are summarised
    }

    [Fact]
    public void A_tensor_used_twice_is_one_box_with_two_arrows()
    {
        var a = Tensor.FromArray([1f, 2f]).Named("a").WithGrad();
        var product = a * a;
        var drawing = Graph.Draw(product);
        Assert.Equal(2, drawing.NodeCount);
        Assert.Equal(2, drawing.EdgeCount);
    }

    [Fact]
    public void Drawing_is_deterministic_apart_from_the_marker_id()
    {
        var (loss, _, _) = SmallNetwork();
        string Normalise(string svg) => MarkerId().Replace(svg, "dlc-arrow-N");
        Assert.Equal(Normalise(Graph.Draw(loss).Svg), Normalise(Graph.Draw(loss).Svg));
    }

    [Fact]
    public void A_leaf_alone_is_one_box()
    {
        var drawing = Graph.Draw(Tensor.Ones(3).Named("ones"));
        Assert.Equal(1, drawing.NodeCount);
        Assert.Contains(">ones<", drawing.Svg);
    }

    [Fact]
    public void Print_writes_the_tree_root_first()
    {
        var (loss, _, _) = SmallNetwork();
        string expected = string.Join('\n',
            "Sum [] \"loss\"",
            "└─ Relu [2, 3]",
            "   └─ MatMul [2, 3]",
            "      ├─ \"x\" [2, 4] data",
            "      └─ \"W\" [4, 3] parameter");
        Assert.Equal(expected, Graph.Print(loss));
    }

    [Fact]
    public void Print_refers_back_to_a_subgraph_used_twice()
    {
        var a = Tensor.FromArray([1f, 2f]).Named("a").WithGrad();
        var r = a.Relu();
        string text = Graph.Print(r * r);
        Assert.Contains("Relu [2] (shown above)", text);
        Assert.Single(Regex.Matches(text, "\"a\""));
    }

    [GeneratedRegex("dlc-arrow-[0-9]+")]
    private static partial Regex MarkerId();
}
