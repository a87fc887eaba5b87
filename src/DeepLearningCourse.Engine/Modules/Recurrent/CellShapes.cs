namespace DeepLearningCourse.Engine;

/// <summary>
/// Shape checks shared by the recurrent cells (<see cref="RNNCell"/>, <see cref="GRUCell"/>, <see cref="LSTMCell"/>)
/// before a step runs, so a wrong state is named by the layer that knows its sizes, e.g.
/// "LSTMCell(3 → 4): h is [2, 5] but must be [batch, hidden] = [2, 4]", rather than by a node further down that can
/// only report that the weights do not fit.
/// </summary>
internal static class CellShapes
{
    /// <summary>x_t must be [batch, inputSize]; returns the batch size.</summary>
    public static int CheckInput(Module cell, int inputSize, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Shape[1] != inputSize)
        {
            string sequenceHint = input.Rank == 3 ? $"; for a whole sequence [batch, time, {inputSize}] use the layer ({cell.Name[..^4]}), not the cell" : "";
            throw new ShapeException($"{cell.Describe()}: x is {Tensor.ShapeText(input.Shape)} but must be [batch, inputSize] = [batch, {inputSize}] (one time step){sequenceHint}.");
        }
        return input.Shape[0];
    }

    /// <summary>A state (h or c) must be [batch, hiddenSize] with the batch of x_t.</summary>
    public static void CheckState(Module cell, string name, Tensor state, int batch, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Rank != 2 || state.Shape[0] != batch || state.Shape[1] != hiddenSize)
            throw new ShapeException($"{cell.Describe()}: {name} is {Tensor.ShapeText(state.Shape)} but must be [batch, hidden] = [{batch}, {hiddenSize}] (batch from x, hidden from the cell).");
    }
}
