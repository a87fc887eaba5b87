namespace DeepLearningCourse.Engine.Tests;

public class LinearNodeTests
{
    [Fact]
    public void Linear_known_answer_and_by_hand_backward_returns_dx_dW_db()
    {
        var x = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var w = Tensor.FromArray(new float[,] { { 1, 0, -1 }, { 2, 1, 0 } });
        var b = Tensor.FromArray([10f, 20, 30]);
        var node = new LinearNode();
        NodeTestKit.AssertValues(node.Forward(x, w, b), [2, 3], [15, 22, 29, 21, 24, 27]);
        var g = node.Backward(Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 1 } }));
        NodeTestKit.AssertValues(g[0]!, [2, 2], [1, 2, -1, 1]);      // dy · Wᵀ
        NodeTestKit.AssertValues(g[1]!, [2, 3], [1, 3, 3, 2, 4, 4]); // xᵀ · dy
        NodeTestKit.AssertValues(g[2]!, [3], [1, 1, 1]);             // Σ rows of dy
    }

    [Fact]
    public void Linear_gradient_check_with_and_without_bias_and_with_extra_leading_axes()
    {
        NodeTestKit.AssertGradientsMatch(() => new LinearNode(),
            [NodeTestKit.Random(1, -1, 1, 3, 4), NodeTestKit.Random(2, -1, 1, 4, 2), NodeTestKit.Random(3, -1, 1, 2)]);
        NodeTestKit.AssertGradientsMatch(() => new LinearNode(), [NodeTestKit.Random(4, -1, 1, 3, 4), NodeTestKit.Random(5, -1, 1, 4, 2)]);
        NodeTestKit.AssertGradientsMatch(() => new LinearNode(),
            [NodeTestKit.Random(6, -1, 1, 2, 3, 4), NodeTestKit.Random(7, -1, 1, 4, 5), NodeTestKit.Random(8, -1, 1, 5)]);
        NodeTestKit.AssertGradientsMatch(() => new LinearNode(),
            [NodeTestKit.Random(9, -1, 1, 4), NodeTestKit.Random(10, -1, 1, 4, 3), NodeTestKit.Random(11, -1, 1, 3)]);
        Assert.Equal([3], new LinearNode().Apply(Tensor.Ones(4), Tensor.Ones(4, 3)).Shape); // one example, no batch axis
    }

    [Fact]
    public void Linear_fan_out_and_equals_matmul_plus_bias()
    {
        var w = NodeTestKit.Random(1, -1, 1, 3, 2);
        var b = NodeTestKit.Random(2, -1, 1, 2);
        NodeTestKit.AssertFanOutDoublesGradient(x => new LinearNode().Apply(x, w, b), NodeTestKit.Random(3, -1, 1, 4, 3));
        var input = NodeTestKit.Random(4, -1, 1, 5, 3);
        Assert.True(new LinearNode().Apply(input, w, b).AllClose(input.MatMul(w) + b, 1e-6f));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_output_layers_dx_and_dW_run_side_by_side_with_the_bits_of_the_plain_products(bool relu)
    {
        // The MLP benchmark's output layer: 128 × 256 · 256 × 10, too small to split, so dx and dW pair up across the cores.
        const int rows = 128, inputs = 256, outputs = 10;
        Assert.Equal(Gemm.Threads >= 2, Gemm.PairsSideBySide((long)rows * inputs * outputs));
        var (x, w, b, dy) = (NodeTestKit.Random(1, -1, 1, rows, inputs), NodeTestKit.Random(2, -1, 1, inputs, outputs),
            NodeTestKit.Random(3, -1, 1, outputs), NodeTestKit.Random(4, -1, 1, rows, outputs));
        Node node = relu ? new LinearReluNode() : new LinearNode();
        var y = node.Forward(x, w, b);
        var grads = node.Backward(dy);

        var dz = new float[rows * outputs];
        if (relu) ReluNode.GateByPositive(y.Data, dy.Data, dz);
        else dy.Data.CopyTo(dz, 0);
        var (dx, dw, db) = (new float[rows * inputs], new float[inputs * outputs], new float[outputs]);
        Gemm.Multiply(dz, w.Data, dx, rows, inputs, outputs, transposeB: true);
        Gemm.MultiplySummingB(x.Data, dz, dw, inputs, outputs, rows, db, transposeA: true);
        Assert.Equal(dx, grads[0]!.Data);
        Assert.Equal(dw, grads[1]!.Data);
        Assert.Equal(db, grads[2]!.Data);
    }

    [Fact]
    public void Linear_shape_errors_name_x_W_and_b()
    {
        var ex = Assert.Throws<ShapeException>(() => new LinearNode().Apply(Tensor.Ones(8, 5), Tensor.Ones(4, 3), Tensor.Ones(3)));
        Assert.Equal("Linear: x is [8, 5] but W is [4, 3]; x's last axis must be 4 (x [batch, 4] · W [4, 3]).", ex.Message);
        var bias = Assert.Throws<ShapeException>(() => new LinearNode().Apply(Tensor.Ones(8, 4), Tensor.Ones(4, 3), Tensor.Ones(4)));
        Assert.Contains("b must be [3]", bias.Message);
    }

    [Fact]
    public void Linear_module_uses_the_fused_node_and_passes_a_model_gradient_check()
    {
        var layer = new Linear(3, 2, new Random(1));
        var x = NodeTestKit.Random(2, -1, 1, 4, 3);
        var y = layer.Forward(x);
        Assert.IsType<LinearNode>(y.Creator);
        var target = NodeTestKit.Random(3, -1, 1, 4, 2);
        var result = GradientCheck.CheckModel(layer, () => Loss.MeanSquaredError(layer.Forward(x), target));
        Assert.True(result.Passed, result.ToString());
        var noBias = new Linear(3, 2, new Random(1), bias: false);
        Assert.Equal(2, ((LinearNode)noBias.Forward(x).Creator!).Inputs.Count);
    }

    [Fact]
    public void Activation_layers_compute_their_functions()
    {
        var x = Tensor.FromArray([-2f, 0, 2]);
        NodeTestKit.AssertValues(new LeakyReLU(0.5f).Forward(x), [3], [-1, 0, 2]);
        NodeTestKit.AssertValues(new Sigmoid().Forward(x), [3], [1 / (1 + MathF.Exp(2)), 0.5f, 1 / (1 + MathF.Exp(-2))]);
        NodeTestKit.AssertValues(new Tanh().Forward(x), [3], [MathF.Tanh(-2), 0, MathF.Tanh(2)]);
        Assert.Equal("LeakyReLU(slope=0.5)", new LeakyReLU(0.5f).Describe());
        var model = new Sequential(new Linear(2, 3, new Random(1)), new Tanh(), new Linear(3, 1, new Random(2)), new Sigmoid());
        var input = NodeTestKit.Random(3, -1, 1, 4, 2);
        var targets = Tensor.FromArray([0f, 1, 1, 0], 4, 1);
        var result = GradientCheck.CheckModel(model, () => Loss.MeanSquaredError(model.Forward(input), targets));
        Assert.True(result.Passed, result.ToString());
    }
}
