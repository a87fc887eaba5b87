namespace DeepLearningCourse.Engine.Tests;

public class Conv2dTests
{
    private static readonly float[] OneToNine = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void Known_answer_forward_and_backward_on_a_3x3_image_with_a_2x2_kernel()
    {
        var x = Tensor.FromArray(OneToNine, 1, 1, 3, 3);
        var w = Tensor.FromArray([1f, 0, 0, -1], 1, 1, 2, 2); // y = x[oy, ox] − x[oy + 1, ox + 1]
        var b = Tensor.FromArray([0.5f]);
        var node = new Conv2dNode();
        NodeTestKit.AssertValues(node.Forward(x, w, b), [1, 1, 2, 2], [-3.5f, -3.5f, -3.5f, -3.5f]);
        var g = node.Backward(Tensor.Ones(1, 1, 2, 2));
        NodeTestKit.AssertValues(g[0]!, [1, 1, 3, 3], [1, 1, 0, 1, 0, -1, 0, -1, -1]);
        NodeTestKit.AssertValues(g[1]!, [1, 1, 2, 2], [12, 16, 24, 28]); // sums of the four 2×2 windows each weight saw
        NodeTestKit.AssertValues(g[2]!, [1], [4]);
    }

    [Fact]
    public void Padding_and_stride_known_answers()
    {
        var ones3x3 = Tensor.Ones(1, 1, 3, 3);
        // With padding 1 every 3×3 window of a 2×2 image covers all four pixels: 1 + 2 + 3 + 4.
        NodeTestKit.AssertValues(Tensor.FromArray([1f, 2, 3, 4], 1, 1, 2, 2).Conv2d(ones3x3, padding: 1), [1, 1, 2, 2], [10, 10, 10, 10]);
        // A 1×1 kernel with stride 2 picks every other pixel of every other row, times the weight.
        var x = Tensor.Arange(1, 17).Reshape(1, 1, 4, 4);
        NodeTestKit.AssertValues(x.Conv2d(Tensor.FromArray([2f], 1, 1, 1, 1), stride: 2), [1, 1, 2, 2], [2, 6, 18, 22]);
    }

    [Fact]
    public void Im2Col_known_answer_and_col2im_counts_windows_per_pixel()
    {
        var x = Tensor.FromArray(OneToNine, 1, 1, 3, 3);
        var g = Conv2dGeometry.Of("test", x, Tensor.Ones(1, 1, 2, 2), null, 1, 0);
        var cols = new float[4 * 4];
        Im2Col.Unfold(x.Data, cols, g);
        Assert.Equal([1f, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9], cols);
        var counts = new float[9];
        Im2Col.FoldAdd(Enumerable.Repeat(1f, 16).ToArray(), counts, g);
        Assert.Equal([1f, 2, 1, 2, 4, 2, 1, 2, 1], counts);

        // Padding 1 and stride 2 on the same image: 2×2 outputs, zeros where the window hangs over the edge.
        var padded = Conv2dGeometry.Of("test", x, Tensor.Ones(1, 1, 2, 2), null, 2, 1);
        var paddedCols = new float[4 * 4];
        Im2Col.Unfold(x.Data, paddedCols, padded);
        Assert.Equal([0f, 0, 0, 5, 0, 0, 4, 6, 0, 2, 0, 8, 1, 3, 7, 9], paddedCols);
    }

    [Fact]
    public void Reference_matches_the_same_known_answer()
    {
        var x = Tensor.FromArray(OneToNine, 1, 1, 3, 3);
        var w = Tensor.FromArray([1f, 0, 0, -1], 1, 1, 2, 2);
        NodeTestKit.AssertValues(Conv2dReference.Forward(x, w, Tensor.FromArray([0.5f])), [1, 1, 2, 2], [-3.5f, -3.5f, -3.5f, -3.5f]);
        var (dx, dw, db) = Conv2dReference.Backward(x, w, Tensor.Ones(1, 1, 2, 2));
        NodeTestKit.AssertValues(dx, [1, 1, 3, 3], [1, 1, 0, 1, 0, -1, 0, -1, -1]);
        NodeTestKit.AssertValues(dw, [1, 1, 2, 2], [12, 16, 24, 28]);
        NodeTestKit.AssertValues(db, [1], [4]);
    }

    public static TheoryData<int, int, int, int, int, int, int, int, int> AwkwardShapes => new()
    {
        // N, C, H, W, outC, kh, kw, stride, padding
        { 1, 1, 5, 5, 1, 3, 3, 1, 0 },
        { 3, 2, 7, 5, 4, 3, 3, 2, 1 },
        { 2, 3, 6, 6, 5, 1, 1, 1, 0 },
        { 2, 1, 9, 7, 3, 5, 5, 2, 2 },
        { 1, 17, 4, 4, 2, 2, 2, 1, 0 },
        { 9, 3, 8, 8, 33, 3, 3, 1, 1 },
        { 2, 2, 5, 6, 3, 3, 2, 3, 1 },
        { 17, 1, 3, 3, 1, 3, 3, 1, 0 },
        { 2, 4, 11, 13, 6, 4, 3, 2, 3 },
        { 2, 2, 12, 11, 8, 3, 3, 1, 1 },
        { 3, 2, 16, 16, 5, 3, 3, 1, 1 }, // 256 output pixels: padded im2col and dy rows
        { 2, 2, 9, 20, 6, 3, 3, 1, 1 }, // output rows of 20: vector copies with an overlapping tail
        { 2, 1, 28, 28, 16, 5, 5, 1, 0 }, // the benchmark's LeNet layer
        { 3, 3, 32, 32, 32, 3, 3, 1, 1 }, // the benchmark's CIFAR layer
    };

    [Theory]
    [MemberData(nameof(AwkwardShapes))]
    public void Fast_path_equals_the_loop_reference_on_awkward_shapes(int n, int c, int h, int w, int outC, int kh, int kw, int stride, int padding)
    {
        var x = NodeTestKit.Random(1, -1, 1, n, c, h, w);
        var weight = NodeTestKit.Random(2, -1, 1, outC, c, kh, kw);
        var bias = NodeTestKit.Random(3, -1, 1, outC);
        var node = new Conv2dNode(stride, padding);
        Tensor y = node.Forward(x, weight, bias);
        Tensor expected = Conv2dReference.Forward(x, weight, bias, stride, padding);
        Assert.Equal(expected.Shape, y.Shape);
        Assert.True(y.AllClose(expected, 1e-5f), "forward differs from the reference");

        var dy = NodeTestKit.Random(4, -1, 1, y.Shape);
        var grads = node.Backward(dy);
        var (dx, dw, db) = Conv2dReference.Backward(x, weight, dy, stride, padding);
        Assert.True(grads[0]!.AllClose(dx, 1e-5f), "dx differs from the reference");
        Assert.True(grads[1]!.AllClose(dw, 1e-4f), "dW differs from the reference");
        Assert.True(grads[2]!.AllClose(db, 1e-4f), "db differs from the reference");
    }

    [Fact]
    public void Gradient_check_with_stride_padding_and_bias()
    {
        NodeTestKit.AssertGradientsMatch(() => new Conv2dNode(stride: 2, padding: 1),
            [NodeTestKit.Random(1, -1, 1, 2, 2, 5, 5), NodeTestKit.Random(2, -1, 1, 3, 2, 3, 3), NodeTestKit.Random(3, -1, 1, 3)]);
        NodeTestKit.AssertGradientsMatch(() => new Conv2dNode(), [NodeTestKit.Random(4, -1, 1, 3, 1, 4, 6), NodeTestKit.Random(5, -1, 1, 2, 1, 2, 3)]);
    }

    [Fact]
    public void Fan_out_doubles_the_input_gradient()
    {
        var w = NodeTestKit.Random(2, -1, 1, 3, 2, 3, 3);
        NodeTestKit.AssertFanOutDoublesGradient(x => x.Conv2d(w, padding: 1), NodeTestKit.Random(1, -1, 1, 2, 2, 4, 4));
    }

    [Fact]
    public void Weight_gradient_is_bitwise_reproducible_across_runs()
    {
        var x = NodeTestKit.Random(1, -1, 1, 13, 3, 9, 9);
        var w = NodeTestKit.Random(2, -1, 1, 4, 3, 3, 3);
        var dy = NodeTestKit.Random(3, -1, 1, 13, 4, 7, 7);
        float[] first = Run(), second = Run();
        Assert.Equal(first, second);

        float[] Run()
        {
            var node = new Conv2dNode();
            node.Forward(x, w);
            return node.Backward(dy)[1]!.ToArray();
        }
    }

    [Fact]
    public void Input_gradient_is_skipped_when_the_input_does_not_require_it()
    {
        var x = NodeTestKit.Random(1, -1, 1, 2, 1, 5, 5);
        var w = NodeTestKit.Random(2, -1, 1, 2, 1, 3, 3).WithGrad();
        x.Conv2d(w).Sum().Backward();
        Assert.Null(x.Grad);
        var (_, dw, _) = Conv2dReference.Backward(x, w, Tensor.Ones(2, 2, 3, 3));
        Assert.True(w.Grad!.AllClose(dw, 1e-5f));
    }

    [Fact]
    public void Empty_batch_gives_empty_output_and_zero_weight_gradient()
    {
        var node = new Conv2dNode(1, 1);
        Assert.Equal([0, 4, 5, 5], node.Forward(Tensor.Zeros(0, 2, 5, 5), Tensor.Ones(4, 2, 3, 3), Tensor.Ones(4)).Shape);
        var g = node.Backward(Tensor.Zeros(0, 4, 5, 5));
        Assert.All(g[1]!.Data, v => Assert.Equal(0f, v));
        Assert.All(g[2]!.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Kernel_larger_than_the_padded_input_is_explained()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(8, 3, 5, 5).Conv2d(Tensor.Ones(4, 3, 7, 7)));
        Assert.Equal("Conv2d: input is [8, 3, 5, 5] but kernel 7×7 with padding 0 is larger than the padded input 5×5; use padding ≥ 1 or a smaller kernel.", ex.Message);
    }

    [Fact]
    public void Channel_mismatch_names_both_shapes()
    {
        var ex = Assert.Throws<ShapeException>(() => Tensor.Ones(2, 3, 8, 8).Conv2d(Tensor.Ones(4, 1, 3, 3)));
        Assert.StartsWith("Conv2d: input is [2, 3, 8, 8] with 3 channel(s) but weight is [4, 1, 3, 3]", ex.Message);
    }

    [Fact]
    public void Wrong_rank_and_bias_shape_are_explained()
    {
        var rank = Assert.Throws<ShapeException>(() => Tensor.Ones(3, 8, 8).Conv2d(Tensor.Ones(4, 3, 3, 3)));
        Assert.StartsWith("Conv2d: input is [3, 8, 8] but must have rank 4 [N, C, H, W]", rank.Message);
        var bias = Assert.Throws<ShapeException>(() => Tensor.Ones(1, 3, 8, 8).Conv2d(Tensor.Ones(4, 3, 3, 3), Tensor.Ones(3)));
        Assert.Contains("bias is [3]", bias.Message);
        Assert.Contains("[4]", bias.Message);
    }

    [Fact]
    public void Conv2d_layer_has_pytorch_weight_layout_and_output_shape()
    {
        var conv = new Conv2d(3, 8, 5, new Random(1), padding: 2);
        Assert.Equal([8, 3, 5, 5], conv.Weight.Shape);
        Assert.Equal([8], conv.Bias!.Shape);
        Assert.Equal([2, 8, 10, 10], conv.Forward(Tensor.Ones(2, 3, 10, 10)).Shape);
        Assert.Equal("Conv2d(3 → 8, 5×5, stride 1, padding 2)", conv.Describe());
        Assert.Equal(8 * 3 * 25 + 8, conv.ParameterCount);
    }

    [Fact]
    public void Small_convnet_passes_a_model_gradient_check()
    {
        var random = new Random(5);
        var model = new Sequential(new Conv2d(1, 2, 3, random, padding: 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(2 * 3 * 3, 3, random));
        var x = NodeTestKit.Random(6, -1, 1, 2, 1, 6, 6);
        var upstream = NodeTestKit.Random(7, -1, 1, 2, 3);
        var result = GradientCheck.CheckModel(model, () => (model.Forward(x) * upstream).Sum());
        Assert.True(result.Passed, result.ToString());
    }
}
