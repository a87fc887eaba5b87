namespace DeepLearningCourse.Engine.Tests;

public class GraphPrinterTests
{
    [Fact]
    public void Prints_ops_shapes_and_leaves_root_first_and_shared_subgraphs_once()
    {
        var x = Tensor.Ones(2, 4).Named("x");
        var w = Tensor.Ones(4, 3).Named("W").WithGrad();
        var h = x.MatMul(w).Relu();
        var loss = (h * h).Sum().Named("loss");
        Assert.Equal(
            """
            Sum [] "loss"
            └─ Mul [2, 3]
               ├─ Relu [2, 3]
               │  └─ MatMul [2, 3]
               │     ├─ "x" [2, 4] data
               │     └─ "W" [4, 3] parameter
               └─ Relu [2, 3] (shown above)
            """, loss.PrintGraph());
    }

    [Fact]
    public void A_deep_graph_prints_without_recursion()
    {
        var x = Tensor.Ones(1).WithGrad();
        var y = x;
        for (int i = 0; i < 5000; i++) y = y * 1f;
        Assert.Equal(5001 + 5000, y.PrintGraph().Split('\n').Length);
    }
}
