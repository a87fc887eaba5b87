namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// Fan-out for the binary nodes whose own tests stop at known answers and gradient checks: a value feeding two
/// uses of a node (f(x) + f(x)) and a value feeding both inputs of one node (x · x, x + x). Either way the engine
/// must sum the gradients of every use.
/// </summary>
public class BinaryNodeFanOutTests
{
    [Fact]
    public void MatMul_fan_out_doubles_the_gradient_of_both_inputs()
    {
        var b = NodeTestKit.Random(1, -1, 1, 4, 2);
        NodeTestKit.AssertFanOutDoublesGradient(a => a.MatMul(b), NodeTestKit.Random(2, -1, 1, 3, 4));
        var a = NodeTestKit.Random(3, -1, 1, 3, 4);
        NodeTestKit.AssertFanOutDoublesGradient(w => a.MatMul(w), NodeTestKit.Random(4, -1, 1, 4, 2));
        NodeTestKit.AssertFanOutDoublesGradient(w => NodeTestKit.Random(5, -1, 1, 2, 3, 4).MatMul(w), NodeTestKit.Random(6, -1, 1, 4, 2));
    }

    [Fact]
    public void MatMul_of_a_matrix_with_itself_sums_both_input_gradients()
    {
        // L = Σ X·X, so dL/dX = G·Xᵀ + Xᵀ·G with G all ones: row sums of X plus column sums of X.
        var x = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }).WithGrad();
        x.MatMul(x).Sum().Backward();
        NodeTestKit.AssertValues(x.Grad!, [2, 2], [7, 11, 9, 13]);
        NodeTestKit.AssertGradientsMatch(t => t[0].MatMul(t[0]), NodeTestKit.Random(7, -1, 1, 3, 3));
    }

    [Fact]
    public void Add_fan_out_doubles_the_gradient_including_a_broadcast_row()
    {
        var row = NodeTestKit.Random(1, -1, 1, 3);
        NodeTestKit.AssertFanOutDoublesGradient(x => x + row, NodeTestKit.Random(2, -1, 1, 2, 3));
        var matrix = NodeTestKit.Random(3, -1, 1, 2, 3);
        NodeTestKit.AssertFanOutDoublesGradient(r => matrix + r, NodeTestKit.Random(4, -1, 1, 3));
    }

    [Fact]
    public void A_value_on_both_sides_of_one_node_gets_the_sum_of_both_gradients()
    {
        var x = Tensor.FromArray([1f, -2, 4]).WithGrad();
        (x + x).Sum().Backward();
        NodeTestKit.AssertValues(x.Grad!, [3], [2, 2, 2]);

        x.ZeroGrad();
        (x * x).Sum().Backward();
        NodeTestKit.AssertValues(x.Grad!, [3], [2, -4, 8]);

        x.ZeroGrad();
        (x - x).Sum().Backward();
        NodeTestKit.AssertValues(x.Grad!, [3], [0, 0, 0]);

        x.ZeroGrad();
        (x / x).Sum().Backward(); // 1/x − x/x² = 0
        NodeTestKit.AssertValues(x.Grad!, [3], [0, 0, 0]);
    }
}
