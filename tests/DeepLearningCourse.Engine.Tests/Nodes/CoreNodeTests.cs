namespace DeepLearningCourse.Engine.Tests;

public class CoreNodeTests
{
    [Fact]
    public void Add_broadcasts_a_row_and_sums_its_gradient_over_rows()
    {
        var a = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3);
        var b = Tensor.FromArray([10f, 20, 30]);
        var node = new AddNode();
        NodeTestKit.AssertValues(node.Forward(a, b), [2, 3], [11, 22, 33, 14, 25, 36]);
        var grads = node.Backward(Tensor.Ones(2, 3));
        NodeTestKit.AssertValues(grads[0]!, [2, 3], [1, 1, 1, 1, 1, 1]);
        NodeTestKit.AssertValues(grads[1]!, [3], [2, 2, 2]);
    }

    [Fact]
    public void Add_broadcasts_a_column()
    {
        var a = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3);
        var column = Tensor.FromArray([100f, 200], 2, 1);
        NodeTestKit.AssertValues(a + column, [2, 3], [101, 102, 103, 204, 205, 206]);
        NodeTestKit.AssertGradientsMatch(() => new AddNode(), [NodeTestKit.Random(1, -1, 1, 2, 3), NodeTestKit.Random(2, -1, 1, 2, 1)]);
    }

    [Fact]
    public void Add_rejects_shapes_that_do_not_broadcast_naming_both()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(2, 3) + Tensor.Ones(2));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[2]", ex.Message);
        Assert.StartsWith("Add", ex.Message);
    }

    [Fact]
    public void Mul_known_answer_gradient_check_and_fan_out()
    {
        var node = new MulNode();
        var a = Tensor.FromArray([1f, 2, 3]);
        var b = Tensor.FromArray([4f, 5, 6]);
        NodeTestKit.AssertValues(node.Forward(a, b), [3], [4, 10, 18]);
        var g = node.Backward(Tensor.FromArray([1f, 1, 2]));
        NodeTestKit.AssertValues(g[0]!, [3], [4, 5, 12]);
        NodeTestKit.AssertValues(g[1]!, [3], [1, 2, 6]);
        NodeTestKit.AssertGradientsMatch(() => new MulNode(), [NodeTestKit.Random(3, -1, 1, 3, 4), NodeTestKit.Random(4, -1, 1, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x * x, NodeTestKit.Random(5, -1, 1, 5));
    }

    [Fact]
    public void MatMul_known_answer_and_gradient_check()
    {
        var a = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var b = Tensor.FromArray(new float[,] { { 5, 6 }, { 7, 8 } });
        var node = new MatMulNode();
        NodeTestKit.AssertValues(node.Forward(a, b), [2, 2], [19, 22, 43, 50]);
        var g = node.Backward(Tensor.Ones(2, 2));
        NodeTestKit.AssertValues(g[0]!, [2, 2], [11, 15, 11, 15]); // dC·Bᵀ
        NodeTestKit.AssertValues(g[1]!, [2, 2], [4, 4, 6, 6]);     // Aᵀ·dC
        NodeTestKit.AssertGradientsMatch(() => new MatMulNode(), [NodeTestKit.Random(1, -1, 1, 3, 5), NodeTestKit.Random(2, -1, 1, 5, 2)]);
    }

    [Fact]
    public void Batched_MatMul_with_shared_and_per_item_B_passes_gradient_check()
    {
        NodeTestKit.AssertGradientsMatch(() => new MatMulNode(), [NodeTestKit.Random(1, -1, 1, 2, 3, 4), NodeTestKit.Random(2, -1, 1, 2, 4, 2)]);
        NodeTestKit.AssertGradientsMatch(() => new MatMulNode(), [NodeTestKit.Random(3, -1, 1, 2, 3, 4), NodeTestKit.Random(4, -1, 1, 4, 2)]);
    }

    [Fact]
    public void MatMul_names_inner_size_mismatch()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(64, 784).MatMul(Tensor.Ones(128, 10)));
        Assert.Equal("MatMul: A is [64, 784] but B is [128, 10]; inner sizes 784 and 128 must match.", ex.Message);
    }

    [Fact]
    public void Relu_gates_the_gradient()
    {
        var node = new ReluNode();
        var y = node.Forward(Tensor.FromArray([-2f, -0.5f, 0.5f, 3f]));
        NodeTestKit.AssertValues(y, [4], [0, 0, 0.5f, 3]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 2, 3, 4]))[0]!, [4], [0, 0, 3, 4]);
        NodeTestKit.AssertGradientsMatch(() => new ReluNode(), [Tensor.FromArray([-2f, -0.5f, 0.5f, 3f])]);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Relu(), Tensor.FromArray([-1f, 2f]));
    }

    [Fact]
    public void Sum_along_an_axis_and_all()
    {
        var x = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3);
        NodeTestKit.AssertValues(x.Sum(0), [3], [5, 7, 9]);
        NodeTestKit.AssertValues(x.Sum(1, keepDims: true), [2, 1], [6, 15]);
        NodeTestKit.AssertValues(x.Sum(), [], [21]);
        NodeTestKit.AssertGradientsMatch(() => new SumNode(1), [NodeTestKit.Random(1, -1, 1, 2, 3, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(t => t.Sum(0), NodeTestKit.Random(2, -1, 1, 3, 2));
    }
}
