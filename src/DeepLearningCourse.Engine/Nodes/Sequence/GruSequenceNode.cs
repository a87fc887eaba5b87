using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// A whole GRU sequence in one node, for speed; same equations (PyTorch's r, z, n), weight layout and biases as
/// <see cref="GRUCell"/> / <see cref="GruCellNode"/>.
/// Shapes: x [B, T, in], h_0 [B, H], W_x [in, 3·H], W_h [H, 3·H], b_x [3·H], b_h [3·H] → all hidden states [B, T, H].
/// Forward: the input projections x · W_x + b_x of all steps are one matrix product; each step then adds
/// h_{t-1} · W_h + b_h. Backward walks t = T−1..0 carrying dL/dh_t, and finishes with one matrix product per weight
/// gradient over all steps. <see cref="StepHidden"/>[t].Grad holds dL/dh_t after Backward, as in the unrolled graph.
/// The sequential part runs in <see cref="GruRecurrence"/> (one batch slice per core).
/// </summary>
public sealed class GruSequenceNode : Node
{
    private readonly int _slices;
    private int _batch, _steps, _input, _hidden;
    private Tensor? _wx, _wh;
    // Time-major: step t occupies rows t·B .. t·B + B − 1; _hiddens has h_0 first, so it holds T + 1 states.
    // _x and _hiddens are rented (see Scratch) and given back in ReleaseSavedState.
    private float[]? _x, _hiddens, _hiddenN;
    private float[] _reset = [], _update = [], _candidate = [];

    /// <summary>A node that splits the batch across the engine's cores (<see cref="Gemm.Threads"/>).</summary>
    public GruSequenceNode() : this(0)
    {
    }

    /// <summary>A node that cuts the batch into <paramref name="slices"/> slices (0: one per core); the results are the same bits.</summary>
    internal GruSequenceNode(int slices) => _slices = slices;

    /// <summary>h_t [B, H] of each step (values; after Backward each Grad holds dL/dh_t).</summary>
    public IReadOnlyList<Tensor> StepHidden { get; private set; } = [];

    /// <summary>Gate activations of step t, values only, each [B, H]: "reset" r, "update" z, "candidate" n.</summary>
    public Dictionary<string, Tensor> StepGates(int t)
    {
        int size = _batch * _hidden;
        Tensor Slice(float[] values) => new(values.AsSpan(t * size, size).ToArray(), _batch, _hidden);
        return new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["reset"] = Slice(_reset),
            ["update"] = Slice(_update),
            ["candidate"] = Slice(_candidate),
        };
    }

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 6);
        Tensor x = inputs[0], h0 = inputs[1], wx = inputs[2], wh = inputs[3], bx = inputs[4], bh = inputs[5];
        NodeArgs.Rank(this, x, 3, "x", "[batch, time, inputSize]");
        int batch = x.Shape[0], steps = x.Shape[1], input = x.Shape[2];
        // The weight checks of a single step, on a stand-in x_t [B, in].
        var (_, _, hidden, g3) = RecurrentMath.CheckShapes(this, new Tensor(new float[batch * input], batch, input), h0, wx, wh, bx, 3);
        if (bh.Rank != 1 || bh.Shape[0] != g3)
            throw new ShapeException($"{OpName}: b_h is {Tensor.ShapeText(bh.Shape)} but must be [3·hidden] = [{g3}].");
        int rows = batch * steps, state = batch * hidden;

        float[] xt = Scratch.Rent(rows * input);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                x.Data.AsSpan((b * steps + t) * input, input).CopyTo(xt.AsSpan((t * batch + b) * input, input));
        float[] xp = Scratch.Rent(rows * g3);
        Gemm.Multiply(xt.AsSpan(0, rows * input), wx.Data, xp.AsSpan(0, rows * g3), rows, g3, input);
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(xp.AsSpan(r * g3, g3), bx.Data, xp.AsSpan(r * g3, g3));

        float[] hiddens = Scratch.Rent((steps + 1) * state);
        h0.Data.CopyTo(hiddens, 0);
        float[] reset = new float[rows * hidden], update = new float[rows * hidden], candidate = new float[rows * hidden], hiddenN = new float[rows * hidden];
        float[] hp = Scratch.Rent(batch * g3);
        GruRecurrence.Forward(xp, wh.Data, bh.Data, batch, steps, hidden, _slices, hiddens, reset, update, candidate, hiddenN, hp);
        Scratch.Return(hp);

        Scratch.Return(xp);
        var y = new float[rows * hidden];
        var stepHidden = new Tensor[steps];
        for (int t = 0; t < steps; t++)
        {
            stepHidden[t] = new Tensor(hiddens.AsSpan((t + 1) * state, state).ToArray(), batch, hidden);
            for (int b = 0; b < batch; b++)
                hiddens.AsSpan((t + 1) * state + b * hidden, hidden).CopyTo(y.AsSpan((b * steps + t) * hidden, hidden));
        }
        (_batch, _steps, _input, _hidden) = (batch, steps, input, hidden);
        (_wx, _wh, _x, _hiddens, _hiddenN) = (wx, wh, xt, hiddens, hiddenN);
        (_reset, _update, _candidate, StepHidden) = (reset, update, candidate, stepHidden);
        return new Tensor(y, batch, steps, hidden);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor wx = NodeArgs.Saved(this, _wx), wh = NodeArgs.Saved(this, _wh);
        float[] xt = NodeArgs.Saved(this, _x), hiddens = NodeArgs.Saved(this, _hiddens), hiddenN = NodeArgs.Saved(this, _hiddenN);
        int batch = _batch, steps = _steps, input = _input, hidden = _hidden, g3 = 3 * hidden, rows = batch * steps, state = batch * hidden;
        float[] dy = gradOutput.Data;
        // Every element of dxp and dhp is written below before it is read.
        float[] dxp = Scratch.Rent(rows * g3), dhp = Scratch.Rent(rows * g3);
        var dh = new float[state];
        float[] dhDirect = Scratch.Rent(state);
        var stepGradients = new float[steps][];
        for (int t = 0; t < steps; t++) stepGradients[t] = GC.AllocateUninitializedArray<float>(state); // the sweep writes every row
        GruRecurrence.Backward(wh.Data, hiddens, _reset, _update, _candidate, hiddenN, dy, batch, steps, hidden, _slices, dxp, dhp, dh, dhDirect, stepGradients);
        Scratch.Return(dhDirect);
        for (int t = 0; t < steps; t++) StepHidden[t].Grad = new Tensor(stepGradients[t], batch, hidden);

        var grads = new Tensor?[6];
        if (NeedsGradient(0)) grads[0] = RecurrentMath.SequenceInputGradient(dxp, wx.Data, batch, steps, input, g3);
        grads[1] = new Tensor(dh, batch, hidden);
        if (NeedsGradient(2)) grads[2] = RecurrentMath.SequenceWeightGradient(xt, dxp, rows, input, g3);
        if (NeedsGradient(3)) grads[3] = RecurrentMath.SequenceWeightGradient(hiddens, dhp, rows, hidden, g3);
        if (NeedsGradient(4)) grads[4] = RecurrentMath.BiasGradient(dxp.AsSpan(0, rows * g3), rows, g3);
        if (NeedsGradient(5)) grads[5] = RecurrentMath.BiasGradient(dhp.AsSpan(0, rows * g3), rows, g3);
        Scratch.Return(dxp);
        Scratch.Return(dhp);
        return grads;
    }

    public override void ReleaseSavedState()
    {
        Scratch.Return(_x);
        Scratch.Return(_hiddens);
        (_wx, _wh, _x, _hiddens, _hiddenN) = (null, null, null, null, null);
        base.ReleaseSavedState();
    }
}
