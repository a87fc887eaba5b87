namespace DeepLearningCourse.Engine.Tests;

public class RecurrentNodeTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    [Fact]
    public void RnnCell_known_answer()
    {
        // h = tanh(x·Wx + h·Wh + b) = tanh(1·0.5 + 0.2·2 + 0.25) = tanh(1.15)
        var y = new RnnCellNode().Forward(Tensor.FromArray([1f], 1, 1), Tensor.FromArray([0.2f], 1, 1),
            Tensor.FromArray([0.5f], 1, 1), Tensor.FromArray([2f], 1, 1), Tensor.FromArray([0.25f]));
        NodeTestKit.AssertValues(y, [1, 1], [MathF.Tanh(1.15f)]);
    }

    [Fact]
    public void Projection_known_answer_and_fan_out()
    {
        // z = x·Wx + h·Wh + b = [1, 2]·[[1, 0], [0, 1]] + [3]·[[1, -1]] + [0.5, 0.5] = [4.5, -0.5]
        var z = new RecurrentProjectionNode(2).Forward(Tensor.FromArray([1f, 2], 1, 2), Tensor.FromArray([3f], 1, 1),
            Tensor.FromArray([1f, 0, 0, 1], 2, 2), Tensor.FromArray([1f, -1], 1, 2), Tensor.FromArray([0.5f, 0.5f]));
        NodeTestKit.AssertValues(z, [1, 2], [4.5f, -0.5f]);
        Tensor x = R(1, 2, 3), wx = R(2, 3, 4), b = R(3, 4);
        NodeTestKit.AssertFanOutDoublesGradient(w => new RecurrentProjectionNode(4).Apply(x, R(4, 2, 1), wx, w, b), R(5, 1, 4));
    }

    [Fact]
    public void RnnCell_and_projection_gradient_checks_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new RnnCellNode(), [R(1, 3, 2), R(2, 3, 4), R(3, 2, 4), R(4, 4, 4), R(5, 4)]);
        NodeTestKit.AssertGradientsMatch(() => new RecurrentProjectionNode(4), [R(6, 3, 2), R(7, 3, 1), R(8, 2, 4), R(9, 1, 4), R(10, 4)]);
        Tensor wx = R(11, 2, 3), wh = R(12, 3, 3), b = R(13, 3);
        NodeTestKit.AssertFanOutDoublesGradient(h => new RnnCellNode().Apply(R(14, 2, 2), h, wx, wh, b), R(15, 2, 3));
    }

    [Fact]
    public void Lstm_gate_nodes_known_answer()
    {
        // z = 0: i = f = o = σ(0) = 0.5, g = tanh(0) = 0, so c = 0.5·c_prev and h = 0.5·tanh(c).
        var c = new LstmCellStateNode().Forward(Tensor.Zeros(1, 8), Tensor.FromArray([2f, -4f], 1, 2));
        NodeTestKit.AssertValues(c, [1, 2], [1, -2]);
        var h = new LstmHiddenNode().Forward(Tensor.Zeros(1, 8), c);
        NodeTestKit.AssertValues(h, [1, 2], [0.5f * MathF.Tanh(1), 0.5f * MathF.Tanh(-2)]);
        // Saturated gates: i = 1, f = 0, g = tanh(z_g), so c = tanh(z_g) whatever c_prev was.
        var z = Tensor.FromArray([50f, -50f, 0.3f, 50f], 1, 4);
        NodeTestKit.AssertValues(new LstmCellStateNode().Forward(z, Tensor.FromArray([9f], 1, 1)), [1, 1], [MathF.Tanh(0.3f)]);
    }

    [Fact]
    public void Lstm_gate_nodes_gradient_checks_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new LstmCellStateNode(), [R(1, 2, 12), R(2, 2, 3)]);
        NodeTestKit.AssertGradientsMatch(() => new LstmHiddenNode(), [R(3, 2, 12), R(4, 2, 3)]);
        Tensor cPrev = R(5, 2, 3);
        NodeTestKit.AssertFanOutDoublesGradient(z => new LstmHiddenNode().Apply(z, new LstmCellStateNode().Apply(z, cPrev)), R(6, 2, 12));
    }

    [Fact]
    public void Lstm_gate_nodes_reject_mismatched_shapes()
    {
        var ex = Assert.Throws<ShapeException>(() => new LstmCellStateNode().Forward(Tensor.Zeros(2, 10), Tensor.Zeros(2, 3)));
        Assert.StartsWith("LstmCellState: z is [2, 10] but c_{t-1} is [2, 3]", ex.Message);
        Assert.Contains("[2, 12]", ex.Message);
    }

    [Fact]
    public void Gru_known_answer_with_zero_weights()
    {
        // All weights and biases 0: r = z = 0.5, n = tanh(0) = 0, so h' = 0.5·h.
        var y = new GruCellNode().Forward(Tensor.Ones(1, 2), Tensor.FromArray([2f, -1f], 1, 2),
            Tensor.Zeros(2, 6), Tensor.Zeros(2, 6), Tensor.Zeros(6), Tensor.Zeros(6));
        NodeTestKit.AssertValues(y, [1, 2], [1f, -0.5f]);
    }

    [Fact]
    public void Gru_matches_the_pytorch_equations_written_out()
    {
        Tensor x = R(1, 2, 3), h = R(2, 2, 2), wx = R(3, 3, 6), wh = R(4, 2, 6), bx = R(5, 6), bh = R(6, 6);
        var y = new GruCellNode().Forward(x, h, wx, wh, bx, bh);
        const int H = 2;
        for (int b = 0; b < 2; b++)
        {
            for (int j = 0; j < H; j++)
            {
                double Xp(int gate) => Dot(x, b, wx, gate * H + j) + bx.Data[gate * H + j];
                double Hp(int gate) => Dot(h, b, wh, gate * H + j) + bh.Data[gate * H + j];
                double r = Sigmoid(Xp(0) + Hp(0)), z = Sigmoid(Xp(1) + Hp(1));
                double n = Math.Tanh(Xp(2) + r * Hp(2));
                double expected = (1 - z) * n + z * h[b, j];
                Assert.Equal(expected, y[b, j], 5);
            }
        }
    }

    [Fact]
    public void Gru_gradient_check_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new GruCellNode(), [R(1, 2, 3), R(2, 2, 2), R(3, 3, 6), R(4, 2, 6), R(5, 6), R(6, 6)]);
        Tensor x = R(7, 2, 3), wx = R(8, 3, 6), wh = R(9, 2, 6), bx = R(10, 6), bh = R(11, 6);
        NodeTestKit.AssertFanOutDoublesGradient(h => new GruCellNode().Apply(x, h, wx, wh, bx, bh), R(12, 2, 2));
    }

    [Fact]
    public void Cell_nodes_name_the_weight_shape_that_does_not_fit()
    {
        var ex = Assert.Throws<ShapeException>(() => new RnnCellNode().Forward(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4),
            Tensor.Zeros(5, 4), Tensor.Zeros(4, 4), Tensor.Zeros(4)));
        Assert.StartsWith("RnnCell: W_x is [5, 4]", ex.Message);
        Assert.Contains("[3, 4]", ex.Message);
    }

    internal static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>Row b of a [B, K] tensor times column c of a [K, G] matrix.</summary>
    internal static double Dot(Tensor a, int b, Tensor w, int column)
    {
        int k = a.Shape[1], g = w.Shape[1];
        double sum = 0;
        for (int p = 0; p < k; p++) sum += (double)a.Data[b * k + p] * w.Data[p * g + column];
        return sum;
    }
}
