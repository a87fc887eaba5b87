namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// A cell stepped by hand with a wrong x, h or c is named by the cell, with the shape it got and the one it needs,
/// not by a node further down that can only say the weights do not fit.
/// </summary>
public class CellShapeErrorTests
{
    [Fact]
    public void Rnn_cell_names_a_wrong_hidden_state_and_a_wrong_input()
    {
        var cell = new RNNCell(3, 4, new Random(0));
        Assert.Equal("RNNCell(3 → 4): h is [2, 5] but must be [batch, hidden] = [2, 4] (batch from x, hidden from the cell).",
            Assert.Throws<ShapeException>(() => cell.Step(Tensor.Zeros(2, 3), Tensor.Zeros(2, 5))).Message);
        Assert.Contains("h is [3, 4] but must be [batch, hidden] = [2, 4]",
            Assert.Throws<ShapeException>(() => cell.Step(Tensor.Zeros(2, 3), Tensor.Zeros(3, 4))).Message);
        Assert.Equal("RNNCell(3 → 4): x is [2, 2] but must be [batch, inputSize] = [batch, 3] (one time step).",
            Assert.Throws<ShapeException>(() => cell.Step(Tensor.Zeros(2, 2), Tensor.Zeros(2, 4))).Message);
    }

    [Fact]
    public void Gru_cell_names_a_wrong_hidden_state()
    {
        var cell = new GRUCell(3, 4, new Random(0));
        Assert.StartsWith("GRUCell(3 → 4): h is [2, 5] but must be [batch, hidden] = [2, 4]",
            Assert.Throws<ShapeException>(() => cell.Step(Tensor.Zeros(2, 3), Tensor.Zeros(2, 5))).Message);
        Assert.StartsWith("GRUCell(3 → 4): x is [2, 2]",
            Assert.Throws<ShapeException>(() => cell.StepNode(Tensor.Zeros(2, 2), Tensor.Zeros(2, 4))).Message);
    }

    [Fact]
    public void Lstm_cell_names_a_wrong_h_or_c_in_the_fused_and_the_composite_step()
    {
        var cell = new LSTMCell(3, 4, new Random(0));
        Assert.StartsWith("LSTMCell(3 → 4): h is [2, 5] but must be [batch, hidden] = [2, 4]",
            Assert.Throws<ShapeException>(() => cell.Step(Tensor.Zeros(2, 3), Tensor.Zeros(2, 5), Tensor.Zeros(2, 4))).Message);
        Assert.StartsWith("LSTMCell(3 → 4): c is [2, 5] but must be [batch, hidden] = [2, 4]",
            Assert.Throws<ShapeException>(() => cell.Step(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4), Tensor.Zeros(2, 5))).Message);
        Assert.StartsWith("LSTMCell(3 → 4): h is [2, 5]",
            Assert.Throws<ShapeException>(() => cell.StepComposite(Tensor.Zeros(2, 3), Tensor.Zeros(2, 5), Tensor.Zeros(2, 4))).Message);
    }

    [Fact]
    public void A_sequence_given_to_a_cell_points_to_the_layer_and_a_scalar_is_a_shape_error()
    {
        var ex = Assert.Throws<ShapeException>(() => new LSTMCell(3, 4, new Random(0)).Forward(Tensor.Zeros(2, 5, 3)));
        Assert.Equal("LSTMCell(3 → 4): x is [2, 5, 3] but must be [batch, inputSize] = [batch, 3] (one time step); for a whole sequence [batch, time, 3] use the layer (LSTM), not the cell.", ex.Message);
        Assert.Contains("use the layer (GRU)", Assert.Throws<ShapeException>(() => new GRUCell(3, 4, new Random(0)).Forward(Tensor.Zeros(2, 5, 3))).Message);
        Assert.StartsWith("RNNCell(3 → 4): x is []", Assert.Throws<ShapeException>(() => new RNNCell(3, 4, new Random(0)).Forward(Tensor.Scalar(1))).Message);
    }

    [Fact]
    public void Correct_shapes_still_step()
    {
        var (h, c) = new LSTMCell(3, 4, new Random(0)).Step(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4), Tensor.Zeros(2, 4));
        Assert.Equal([2, 4], h.Shape);
        Assert.Equal([2, 4], c.Shape);
        Assert.Equal([2, 4], new GRUCell(3, 4, new Random(0)).Forward(Tensor.Zeros(2, 3)).Shape);
        Assert.Equal([2, 4], new RNNCell(3, 4, new Random(0)).Forward(Tensor.Zeros(2, 3)).Shape);
    }
}
