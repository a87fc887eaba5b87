using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// A whole LSTM sequence in one node (the way cuDNN and libtorch run it), for speed; same equations, gate order
/// (i, f, g, o) and weight layout as <see cref="LSTMCell"/>.
/// Shapes: x [B, T, in], h_0 [B, H], c_0 [B, H], W_x [in, 4·H], W_h [H, 4·H], b [4·H] → all hidden states [B, T, H].
/// Forward: the input projection of every step is one matrix product (x · W_x + b for all B·T rows); then per step
/// z_t = that row block + h_{t-1} · W_h, gates, c_t, h_t. Backward is backpropagation through time written out:
/// walking t = T−1..0 it carries dL/dh_t (the output gradient plus what flows back from step t+1) and dL/dc_t,
/// forms dz_t, and passes dz_t · W_hᵀ to step t−1; the weight gradients dW_x = xᵀ · dz and dW_h = h_prevᵀ · dz are
/// then one matrix product each over all steps. The per-step total gradients dL/dh_t are stored on
/// <see cref="StepHidden"/>[t].Grad, so they can be inspected exactly as with the unrolled graph.
/// </summary>
public sealed class LstmSequenceNode : Node
{
    private int _batch, _steps, _input, _hidden;
    private Tensor? _wx, _wh;
    // Time-major buffers: step t occupies rows t·B .. t·B + B − 1, all rented (see Scratch). ReleaseSavedState gives
    // back all but the gate values, which LastRun may still read: those go back once the layer has run again
    // (Supersede) and Backward is done.
    private float[]? _x, _gates, _cells, _tanhCells, _hiddens;
    private float[]? _gateValues;
    private bool _superseded;

    /// <summary>h_t [B, H] of each step (values; after Backward each Grad holds dL/dh_t).</summary>
    public IReadOnlyList<Tensor> StepHidden { get; private set; } = [];

    /// <summary>c_t [B, H] of each step (values).</summary>
    public IReadOnlyList<Tensor> StepCell { get; private set; } = [];

    /// <summary>Gate activations of step t, [B, 4·H]: σ(i), σ(f), tanh(g), σ(o) side by side.</summary>
    public Tensor StepGates(int t)
    {
        int size = _batch * 4 * _hidden;
        if (_gateValues is null)
            throw new InvalidOperationException($"{OpName}: the gate values of this run are gone because the layer has run again since; read LastRun.Gates before the next Forward (it keeps its own copy).");
        return new Tensor(_gateValues.AsSpan(t * size, size).ToArray(), _batch, 4 * _hidden);
    }

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 6);
        Tensor x = inputs[0], h0 = inputs[1], c0 = inputs[2], wx = inputs[3], wh = inputs[4], bias = inputs[5];
        NodeArgs.Rank(this, x, 3, "x", "[batch, time, inputSize]");
        int batch = x.Shape[0], steps = x.Shape[1], input = x.Shape[2], hidden = h0.Rank == 2 ? h0.Shape[1] : -1;
        if (h0.Rank != 2 || h0.Shape[0] != batch || !c0.SameShape(h0))
            throw new ShapeException($"{OpName}: x is {Tensor.ShapeText(x.Shape)}, h_0 {Tensor.ShapeText(h0.Shape)}, c_0 {Tensor.ShapeText(c0.Shape)}; both states must be [batch, hidden] with batch {batch}.");
        // The weight checks of a single step, on a stand-in x_t [B, in].
        RecurrentMath.CheckShapes(this, new Tensor(new float[batch * input], batch, input), h0, wx, wh, bias, 4);
        int g4 = 4 * hidden, rows = batch * steps;

        var xt = Scratch.Rent(rows * input);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                x.Data.AsSpan((b * steps + t) * input, input).CopyTo(xt.AsSpan((t * batch + b) * input, input));
        var gates = Scratch.Rent(rows * g4);
        Gemm.Multiply(xt.AsSpan(0, rows * input), wx.Data, gates.AsSpan(0, rows * g4), rows, g4, input); // the bias is added in the gate math

        // Index 0 holds the initial state, index t + 1 the state after step t.
        var cells = Scratch.Rent((steps + 1) * batch * hidden);
        var hiddens = Scratch.Rent((steps + 1) * batch * hidden);
        var tanhCells = Scratch.Rent(rows * hidden);
        int state = batch * hidden, parts = RecurrentMath.StepParts(batch, hidden, 4);
        c0.Data.CopyTo(cells, 0);
        h0.Data.CopyTo(hiddens, 0);
        using (var packedWh = RecurrentMath.PackGateColumns(wh.Data, hidden, 4, parts))
        {
            var sweep = new ForwardSweep(packedWh, bias.Data, gates, cells, tanhCells, hiddens, batch, hidden, parts);
            for (sweep.Step = 0; sweep.Step < steps; sweep.Step++)
                WorkerThreads.Run(parts, sweep, static (part, sweep) => sweep.Run(part));
        }

        var y = GC.AllocateUninitializedArray<float>(rows * hidden); // every element is written below
        var stepHidden = new Tensor[steps];
        var stepCell = new Tensor[steps];
        for (int t = 0; t < steps; t++)
        {
            stepHidden[t] = new Tensor(hiddens.AsSpan((t + 1) * state, state).ToArray(), batch, hidden);
            stepCell[t] = new Tensor(cells.AsSpan((t + 1) * state, state).ToArray(), batch, hidden);
            for (int b = 0; b < batch; b++)
                hiddens.AsSpan((t + 1) * state + b * hidden, hidden).CopyTo(y.AsSpan((b * steps + t) * hidden, hidden));
        }
        (_batch, _steps, _input, _hidden) = (batch, steps, input, hidden);
        (_wx, _wh, _x, _gates, _cells, _tanhCells, _hiddens) = (wx, wh, xt, gates, cells, tanhCells, hiddens);
        (StepHidden, StepCell, _gateValues) = (stepHidden, stepCell, gates);
        return new Tensor(y, batch, steps, hidden);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor wx = NodeArgs.Saved(this, _wx), wh = NodeArgs.Saved(this, _wh);
        float[] xt = NodeArgs.Saved(this, _x), gates = NodeArgs.Saved(this, _gates), cells = NodeArgs.Saved(this, _cells);
        float[] tanhCells = NodeArgs.Saved(this, _tanhCells), hiddens = NodeArgs.Saved(this, _hiddens);
        int batch = _batch, steps = _steps, input = _input, hidden = _hidden, g4 = 4 * hidden, rows = batch * steps, state = batch * hidden;
        float[] dz = Scratch.Rent(rows * g4); // every element is written below
        var dc = new float[state];
        int parts = RecurrentMath.StepParts(batch, hidden, 4);
        float[] dh0;
        using (var packedWhT = RecurrentMath.PackTransposedByUnits(wh.Data, hidden, 4, parts))
            dh0 = new BackwardSweep(packedWhT, gradOutput.Data, gates, cells, tanhCells, dz, dc, batch, steps, hidden, parts).Run(StepHidden);

        var grads = new Tensor?[6];
        if (NeedsGradient(0)) grads[0] = RecurrentMath.SequenceInputGradient(dz, wx, batch, steps, input, g4);
        grads[1] = new Tensor(dh0, batch, hidden);
        grads[2] = new Tensor(dc, batch, hidden);
        if (NeedsGradient(3)) grads[3] = RecurrentMath.SequenceWeightGradient(xt, dz, rows, input, g4);
        if (NeedsGradient(4)) grads[4] = RecurrentMath.SequenceWeightGradient(hiddens, dz, rows, hidden, g4);
        if (NeedsGradient(5)) grads[5] = RecurrentMath.BiasGradient(dz.AsSpan(0, rows * g4), rows, g4);
        Scratch.Return(dz);
        return grads;
    }

    /// <summary>
    /// One forward time step, split by hidden units: part p adds h_{t-1} · W_h for its units' columns of the four
    /// gates to z_t (which holds x_t · W_x), then runs the gate math for those units of every batch row.
    /// </summary>
    private sealed class ForwardSweep(PackedColumns packedWh, float[] bias, float[] gates, float[] cells, float[] tanhCells,
        float[] hiddens, int batch, int hidden, int parts)
    {
        public int Step;

        public void Run(int part)
        {
            int t = Step, g4 = 4 * hidden, state = batch * hidden;
            var (start, end) = RecurrentMath.Units(hidden, part, parts);
            Span<float> z = gates.AsSpan(t * batch * g4, batch * g4);
            packedWh.Multiply(hiddens.AsSpan(t * state, state), batch, z, g4, part * 4, 4, accumulate: true);
            for (int b = 0; b < batch; b++)
            {
                int s = b * hidden;
                LstmGateMath.Forward(z.Slice(b * g4, g4), bias, cells.AsSpan(t * state + s, hidden), cells.AsSpan((t + 1) * state + s, hidden),
                    tanhCells.AsSpan(t * state + s, hidden), hiddens.AsSpan((t + 1) * state + s, hidden), start, end);
            }
        }
    }

    /// <summary>
    /// One backward time step, split by hidden units: part p forms its units of dL/dh_t (the output's gradient plus
    /// dz_{t+1} · W_hᵀ), then their gate backward, which writes its columns of dz_t and updates dL/dc.
    /// </summary>
    private sealed class BackwardSweep(PackedColumns packedWhT, float[] dy, float[] gates, float[] cells, float[] tanhCells,
        float[] dz, float[] dc, int batch, int steps, int hidden, int parts)
        : BackwardTimeSweep(batch, steps, hidden, parts)
    {
        protected override void RunPart(int part)
        {
            int batch = Batch, steps = Steps, hidden = Hidden, parts = Parts;
            int t = Step, g4 = 4 * hidden, state = batch * hidden;
            var (start, end) = RecurrentMath.Units(hidden, part, parts);
            float[] dh = StepGradient;
            if (t < steps - 1) packedWhT.Multiply(dz.AsSpan((t + 1) * batch * g4, batch * g4), batch, dh, hidden, part, 1, accumulate: false);
            if (t < 0) return;
            for (int b = 0; b < batch; b++)
            {
                Span<float> dhRow = dh.AsSpan(b * hidden + start, end - start);
                ReadOnlySpan<float> dyRow = dy.AsSpan((b * steps + t) * hidden + start, end - start);
                if (t == steps - 1) dyRow.CopyTo(dhRow);
                else TensorPrimitives.Add(dhRow, dyRow, dhRow);
            }
            for (int b = 0; b < batch; b++)
            {
                // Row b of step t: tanhCells[t] holds tanh(c_t), cells[t] holds c_{t-1} (cells[0] is c_0).
                int zRow = (t * batch + b) * g4, s = b * hidden, offset = t * state + s;
                LstmGateMath.Backward(gates.AsSpan(zRow, g4), tanhCells.AsSpan(offset, hidden), cells.AsSpan(offset, hidden),
                    dh.AsSpan(s, hidden), dc.AsSpan(s, hidden), dz.AsSpan(zRow, g4), start, end);
            }
        }
    }

    public override void ReleaseSavedState()
    {
        foreach (float[]? buffer in new[] { _x, _cells, _tanhCells, _hiddens }) Scratch.Return(buffer);
        (_wx, _wh, _x, _gates, _cells, _tanhCells, _hiddens) = (null, null, null, null, null, null, null);
        base.ReleaseSavedState();
        ReturnGateValuesIfUnused();
    }

    /// <summary>
    /// Called by <see cref="LSTM"/> when it runs again, so its LastRun no longer reads this run's gates. A run outside
    /// any graph (evaluation) gives all its buffers back now; a recorded one once Backward is done.
    /// </summary>
    internal void Supersede()
    {
        _superseded = true;
        if (Output is not null && Output.Creator != this && !SavedStateReleased) ReleaseSavedState();
        else ReturnGateValuesIfUnused();
    }

    private void ReturnGateValuesIfUnused()
    {
        if (!_superseded || !SavedStateReleased) return;
        Scratch.Return(_gateValues);
        _gateValues = null;
    }
}
