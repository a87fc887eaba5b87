using System.Numerics;
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
    private readonly int _slices;
    private int _batch, _steps, _input, _hidden;
    private Tensor? _wx, _wh;
    // Time-major buffers: step t occupies rows t·B .. t·B + B − 1. All but _gates are rented (see Scratch) and
    // given back in ReleaseSavedState.
    private float[]? _x, _gates, _cells, _tanhCells, _hiddens;
    private float[] _gateValues = [];

    /// <summary>A node that splits the batch across the engine's cores (<see cref="Gemm.Threads"/>).</summary>
    public LstmSequenceNode() : this(0)
    {
    }

    /// <summary>
    /// A node that cuts the batch into <paramref name="slices"/> slices (0: one per core). Results are the same, bit for
    /// bit, for every number of slices (tests check that).
    /// </summary>
    internal LstmSequenceNode(int slices) => _slices = slices;

    /// <summary>h_t [B, H] of each step (values; after Backward each Grad holds dL/dh_t).</summary>
    public IReadOnlyList<Tensor> StepHidden { get; private set; } = [];

    /// <summary>c_t [B, H] of each step (values).</summary>
    public IReadOnlyList<Tensor> StepCell { get; private set; } = [];

    /// <summary>Gate activations of step t, [B, 4·H]: σ(i), σ(f), tanh(g), σ(o) side by side.</summary>
    public Tensor StepGates(int t)
    {
        int size = _batch * 4 * _hidden;
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
        var gates = new float[rows * g4];
        Gemm.Multiply(xt.AsSpan(0, rows * input), wx.Data, gates, rows, g4, input);
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = gates.AsSpan(r * g4, g4);
            TensorPrimitives.Add(row, bias.Data, row);
        }

        // Index 0 holds the initial state, index t + 1 the state after step t.
        var cells = Scratch.Rent((steps + 1) * batch * hidden);
        var hiddens = Scratch.Rent((steps + 1) * batch * hidden);
        var tanhCells = Scratch.Rent(rows * hidden);
        int state = batch * hidden;
        c0.Data.CopyTo(cells, 0);
        h0.Data.CopyTo(hiddens, 0);
        var sweep = new ForwardSweep(PackedRightOperand.ForCurrentThread(wh.Data, hidden, g4, transposed: false),
            gates, cells, tanhCells, hiddens, batch, steps, hidden, BatchSlices.Count(batch, _slices));
        WorkerThreads.Run(sweep.Slices, sweep, static (slice, sweep) => sweep.Run(slice));

        var y = new float[rows * hidden];
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
        var dh = new float[state];
        var dc = new float[state];
        var stepGradients = new float[steps][];
        for (int t = 0; t < steps; t++) stepGradients[t] = GC.AllocateUninitializedArray<float>(state); // the sweep writes every row
        var sweep = new BackwardSweep(PackedRightOperand.ForCurrentThread(wh.Data, g4, hidden, transposed: true),
            gates, cells, tanhCells, gradOutput.Data, dz, dh, dc, stepGradients, batch, steps, hidden, BatchSlices.Count(batch, _slices));
        WorkerThreads.Run(sweep.Slices, sweep, static (slice, sweep) => sweep.Run(slice));
        for (int t = 0; t < steps; t++) StepHidden[t].Grad = new Tensor(stepGradients[t], batch, hidden);

        var grads = new Tensor?[6];
        if (NeedsGradient(0)) grads[0] = RecurrentMath.SequenceInputGradient(dz, wx, batch, steps, input, g4);
        grads[1] = new Tensor(dh, batch, hidden);
        grads[2] = new Tensor(dc, batch, hidden);
        if (NeedsGradient(3)) grads[3] = RecurrentMath.SequenceWeightGradient(xt, dz, rows, input, g4);
        if (NeedsGradient(4)) grads[4] = RecurrentMath.SequenceWeightGradient(hiddens, dz, rows, hidden, g4);
        if (NeedsGradient(5)) grads[5] = RecurrentMath.BiasGradient(dz.AsSpan(0, rows * g4), rows, g4);
        Scratch.Return(dz);
        return grads;
    }

    /// <summary>
    /// The forward recurrence for batch slice <c>slice</c> of <see cref="Slices"/>, all T steps: per step, the slice's
    /// rows of z_t (already x_t · W_x + b) get h_{t-1} · W_h added, then the gate activations replace them and c_t,
    /// tanh(c_t), h_t are written. Time-major buffers as in the node; row b of step t is t·B + b.
    /// </summary>
    private readonly record struct ForwardSweep(PackedRightOperand RecurrentWeight, float[] Gates, float[] Cells, float[] TanhCells,
        float[] Hiddens, int Batch, int Steps, int Hidden, int Slices)
    {
        public void Run(int slice)
        {
            var (first, end) = BatchSlices.Range(Batch, slice, Slices);
            int rows = end - first, g4 = 4 * Hidden, state = Batch * Hidden;
            if (rows == 0) return;
            for (int t = 0; t < Steps; t++)
            {
                Span<float> z = Gates.AsSpan((t * Batch + first) * g4, rows * g4);
                RecurrentWeight.Multiply(Hiddens.AsSpan(t * state + first * Hidden, rows * Hidden), rows, z, accumulate: true);
                for (int b = first; b < end; b++)
                {
                    int previous = t * state + b * Hidden, next = previous + state;
                    GateForwardRow(z.Slice((b - first) * g4, g4), Cells.AsSpan(previous, Hidden), Cells.AsSpan(next, Hidden),
                        TanhCells.AsSpan(previous, Hidden), Hiddens.AsSpan(next, Hidden));
                }
            }
        }
    }

    /// <summary>
    /// Backpropagation through time for batch slice <c>slice</c>, t = T−1..0: DHidden carries dL/dh_t (what flows back
    /// from step t+1 plus the output's own gradient, copied to StepGradients[t]) and DCell dL/dc_t; each step writes
    /// its rows of dz_t and forms dL/dh_{t-1} = dz_t · W_hᵀ. At the end DHidden and DCell hold dL/dh_0 and dL/dc_0.
    /// </summary>
    private readonly record struct BackwardSweep(PackedRightOperand RecurrentWeightTransposed, float[] Gates, float[] Cells,
        float[] TanhCells, float[] OutputGradient, float[] Dz, float[] DHidden, float[] DCell, float[][] StepGradients,
        int Batch, int Steps, int Hidden, int Slices)
    {
        public void Run(int slice)
        {
            var (first, end) = BatchSlices.Range(Batch, slice, Slices);
            int rows = end - first, g4 = 4 * Hidden, state = Batch * Hidden;
            if (rows == 0) return;
            Span<float> dh = DHidden.AsSpan(first * Hidden, rows * Hidden);
            for (int t = Steps - 1; t >= 0; t--)
            {
                for (int b = first; b < end; b++)
                {
                    Span<float> dhRow = DHidden.AsSpan(b * Hidden, Hidden);
                    TensorPrimitives.Add(dhRow, OutputGradient.AsSpan((b * Steps + t) * Hidden, Hidden), dhRow);
                    // Row b of step t: tanhCells[t] holds tanh(c_t), cells[t] holds c_{t-1} (cells[0] is c_0).
                    int zRow = (t * Batch + b) * g4, offset = t * state + b * Hidden;
                    GateBackwardRow(Gates.AsSpan(zRow, g4), TanhCells.AsSpan(offset, Hidden), Cells.AsSpan(offset, Hidden),
                        dhRow, DCell.AsSpan(b * Hidden, Hidden), Dz.AsSpan(zRow, g4));
                }
                dh.CopyTo(StepGradients[t].AsSpan(first * Hidden, rows * Hidden));
                RecurrentWeightTransposed.Multiply(Dz.AsSpan((t * Batch + first) * g4, rows * g4), rows, dh, accumulate: false);
            }
        }
    }

    /// <summary>
    /// One batch row of the gate forward: z = [i | f | g | o] pre-activations (replaced by σ(i), σ(f), tanh(g), σ(o)),
    /// then c_t = f ⊙ c_{t-1} + i ⊙ g, tanh(c_t) and h_t = o ⊙ tanh(c_t).
    /// </summary>
    private static void GateForwardRow(Span<float> z, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h)
    {
        int hidden = c.Length;
        TensorPrimitives.Sigmoid(z[..(2 * hidden)], z[..(2 * hidden)]);
        TensorPrimitives.Tanh(z.Slice(2 * hidden, hidden), z.Slice(2 * hidden, hidden));
        TensorPrimitives.Sigmoid(z.Slice(3 * hidden, hidden), z.Slice(3 * hidden, hidden));
        ReadOnlySpan<float> i = z[..hidden], f = z.Slice(hidden, hidden), g = z.Slice(2 * hidden, hidden), o = z.Slice(3 * hidden, hidden);
        TensorPrimitives.Multiply(f, cPrev, c);
        TensorPrimitives.MultiplyAdd(i, g, c, c);
        TensorPrimitives.Tanh(c, tanhC);
        TensorPrimitives.Multiply(o, tanhC, h);
    }

    /// <summary>
    /// One batch row of the gate backward: from the activations [i | f | g | o], tanh(c_t), c_{t-1}, dL/dh_t and the
    /// cell gradient flowing back from step t+1 (<paramref name="dc"/>, replaced by dL/dc_{t-1}), writes dz_t.
    /// </summary>
    private static void GateBackwardRow(ReadOnlySpan<float> gates, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> dh, Span<float> dc, Span<float> dz)
    {
        int hidden = dh.Length, j = 0;
        ReadOnlySpan<float> gi = gates[..hidden], gf = gates.Slice(hidden, hidden), gg = gates.Slice(2 * hidden, hidden), go = gates.Slice(3 * hidden, hidden);
        Span<float> di = dz[..hidden], df = dz.Slice(hidden, hidden), dg = dz.Slice(2 * hidden, hidden), dout = dz.Slice(3 * hidden, hidden);
        int width = Vector<float>.Count;
        var one = Vector<float>.One;
        for (; j <= hidden - width; j += width)
        {
            var i = new Vector<float>(gi[j..]);
            var f = new Vector<float>(gf[j..]);
            var g = new Vector<float>(gg[j..]);
            var o = new Vector<float>(go[j..]);
            var tc = new Vector<float>(tanhC[j..]);
            var dhj = new Vector<float>(dh[j..]);
            var dcj = new Vector<float>(dc[j..]) + dhj * o * (one - tc * tc);
            (dcj * g * i * (one - i)).CopyTo(di[j..]);
            (dcj * new Vector<float>(cPrev[j..]) * f * (one - f)).CopyTo(df[j..]);
            (dcj * i * (one - g * g)).CopyTo(dg[j..]);
            (dhj * tc * o * (one - o)).CopyTo(dout[j..]);
            (dcj * f).CopyTo(dc[j..]);
        }
        for (; j < hidden; j++)
        {
            float i = gi[j], f = gf[j], g = gg[j], o = go[j], tc = tanhC[j], dhj = dh[j];
            float dcj = dc[j] + dhj * o * (1f - tc * tc);
            di[j] = dcj * g * i * (1f - i);
            df[j] = dcj * cPrev[j] * f * (1f - f);
            dg[j] = dcj * i * (1f - g * g);
            dout[j] = dhj * tc * o * (1f - o);
            dc[j] = dcj * f;
        }
    }

    public override void ReleaseSavedState()
    {
        foreach (float[]? buffer in new[] { _x, _cells, _tanhCells, _hiddens }) Scratch.Return(buffer);
        (_wx, _wh, _x, _gates, _cells, _tanhCells, _hiddens) = (null, null, null, null, null, null, null);
        base.ReleaseSavedState();
    }
}
