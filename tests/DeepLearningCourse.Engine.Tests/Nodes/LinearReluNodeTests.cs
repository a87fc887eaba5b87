namespace DeepLearningCourse.Engine.Tests;

public class LinearReluNodeTests
{
    [Fact]
    public void Known_answer_forward_and_backward()
    {
        var x = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var w = Tensor.FromArray(new float[,] { { 1, 0, -1 }, { 2, 1, 0 } });
        var b = Tensor.FromArray([-10f, -3, 0]);
        var node = new LinearReluNode();
        // x · W + b = [[−5, −1, −1], [1, 1, −3]]
        NodeTestKit.AssertValues(node.Forward(x, w, b), [2, 3], [0, 0, 0, 1, 1, 0]);
        var g = node.Backward(Tensor.FromArray(new float[,] { { 1, 1, 1 }, { 2, 3, 5 } }));
        // dz = [[0, 0, 0], [2, 3, 0]]
        NodeTestKit.AssertValues(g[0]!, [2, 2], [0, 0, 2, 7]);       // dz · Wᵀ
        NodeTestKit.AssertValues(g[1]!, [2, 3], [6, 9, 0, 8, 12, 0]); // xᵀ · dz
        NodeTestKit.AssertValues(g[2]!, [3], [2, 3, 0]);             // Σ rows of dz
    }

    [Theory]
    [InlineData(1, 3, 1, true)]
    [InlineData(3, 17, 33, true)]
    [InlineData(33, 40, 17, false)]
    [InlineData(128, 96, 70, true)] // large enough for the packed, threaded matrix multiply
    public void Equals_relu_of_linear_bit_for_bit_forward_and_backward(int rows, int inFeatures, int outFeatures, bool bias)
    {
        var x = NodeTestKit.Random(1, -1, 1, rows, inFeatures);
        var w = NodeTestKit.Random(2, -1, 1, inFeatures, outFeatures);
        var b = NodeTestKit.Random(3, -1, 1, outFeatures);
        var dy = NodeTestKit.Random(4, -1, 1, rows, outFeatures);
        Tensor[] inputs = bias ? [x, w, b] : [x, w];

        var fused = new LinearReluNode();
        var linear = new LinearNode();
        var relu = new ReluNode();
        Assert.Equal(relu.Forward(linear.Forward(inputs)).Data, fused.Forward(inputs).Data);

        var expected = linear.Backward(relu.Backward(dy)[0]!);
        var actual = fused.Backward(dy);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i]!.Shape, actual[i]!.Shape);
            Assert.Equal(expected[i]!.Data, actual[i]!.Data);
        }
    }

    [Fact]
    public void Gradient_check_fan_out_and_extra_leading_axes()
    {
        // Values away from the kink at 0, where finite differences of ReLU are not its derivative.
        NodeTestKit.AssertGradientsMatch(() => new LinearReluNode(),
            [Tensor.FromArray(new float[,] { { 1, -2, 0.5f }, { 0.3f, 1, -1 } }), Tensor.FromArray(new float[,] { { 1, -1 }, { 0.5f, 2 }, { -1, 1 } }), Tensor.FromArray([0.25f, -0.5f])]);
        NodeTestKit.AssertGradientsMatch(() => new LinearReluNode(),
            [Tensor.FromArray(new float[,] { { 2, 1 } }), Tensor.FromArray(new float[,] { { 1, -1, 0.5f }, { 1, 1.5f, -3 } })]);
        var w = NodeTestKit.Random(5, -1, 1, 3, 4);
        NodeTestKit.AssertFanOutDoublesGradient(x => new LinearReluNode().Apply(x, w), NodeTestKit.Random(6, -1, 1, 5, 3));
        Assert.Equal([2, 5, 4], new LinearReluNode().Apply(NodeTestKit.Random(7, -1, 1, 2, 5, 3), w).Shape);
    }

    [Fact]
    public void Gradients_of_one_call_are_not_changed_by_the_next()
    {
        // Backward works in a pooled array: what it returns must not share it.
        var x = NodeTestKit.Random(1, -1, 1, 6, 5);
        var w = NodeTestKit.Random(2, -1, 1, 5, 4);
        var node = new LinearReluNode();
        node.Forward(x, w);
        var first = node.Backward(Tensor.Ones(6, 4));
        var kept = first.Select(g => g!.Clone()).ToArray();
        node.Backward(NodeTestKit.Random(3, -5, 5, 6, 4));
        for (int i = 0; i < kept.Length; i++) Assert.Equal(kept[i].Data, first[i]!.Data);
    }

    [Fact]
    public void Shape_errors_name_the_fused_op_and_both_shapes()
    {
        var ex = Assert.Throws<ShapeException>(() => new LinearReluNode().Forward(Tensor.Ones(2, 3), Tensor.Ones(4, 5)));
        Assert.Contains("LinearRelu", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
        var bias = Assert.Throws<ShapeException>(() => new LinearReluNode().Forward(Tensor.Ones(2, 4), Tensor.Ones(4, 5), Tensor.Ones(4)));
        Assert.Contains("b must be [5]", bias.Message);
    }

    [Fact]
    public void Sequential_fuses_linear_then_relu_with_the_same_values_and_gradients()
    {
        var layers = new Module[] { new Linear(7, 9, new Random(1)), new ReLU(), new Linear(9, 3, new Random(2)), new ReLU(), new Linear(3, 2, new Random(3)) };
        var model = new Sequential(layers);
        var x = NodeTestKit.Random(4, -1, 1, 5, 7);

        var fused = model.Forward(x);
        Assert.Equal("LinearRelu", fused.Creator!.Inputs[0].Creator!.OpName);
        fused.Sum().Backward();
        var fusedGrads = model.Parameters().Select(p => p.Grad!.Clone()).ToArray();

        model.ZeroGrad();
        Tensor h = x;
        foreach (var layer in layers) h = layer.Forward(h); // one node per layer
        Assert.Equal("Linear", h.Creator!.Inputs[0].Creator!.Inputs[0].Creator!.OpName);
        Assert.Equal(h.Data, fused.Data);
        h.Sum().Backward();
        var separateGrads = model.Parameters().Select(p => p.Grad!).ToArray();
        for (int i = 0; i < fusedGrads.Length; i++) Assert.Equal(separateGrads[i].Data, fusedGrads[i].Data);
    }
}
