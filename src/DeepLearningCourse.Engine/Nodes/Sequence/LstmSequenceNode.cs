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
/// <para>The sequential part runs in <see cref="LstmRecurrence"/> (one batch slice per core). Per-step tensors (h_t,
/// c_t, gates, dL/dh_t) are made only when asked for: h_t is read from the output; c_t, the gates and dL/dh_t come
/// from the working buffers while Backward still needs them, and afterwards from a replay of the recurrence on this
/// call's inputs and weights (the same code on the same values, so the same bits). Nothing is copied for that: a
/// <see cref="ValueFingerprint"/> taken at Forward makes a replay after the weights or inputs changed (an optimizer
/// step) an error that says so, instead of values from the new weights.</para>
/// </summary>
public sealed class LstmSequenceNode : Node
{
    private readonly int _slices;
    private Dimensions _size;
    // This call's x, h_0, c_0, W_x, W_h, b (kept for a replay) and their fingerprint; dL/dy and its fingerprint.
    private Tensor[] _arguments = [];
    private ulong _argumentsFingerprint, _outputGradientFingerprint;
    private Tensor? _output, _outputGradient;
    // Rented working buffers (see Scratch; null once given back in ReleaseSavedState), time-major as in LstmRecurrence;
    // _x is x time-major [T·B, in].
    private float[]? _x, _gates, _cells, _hiddens;
    private Replayed? _replayed;
    private float[]? _replayedStepGradients;
    private LazyStepList? _stepHidden, _stepCell;

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
    public IReadOnlyList<Tensor> StepHidden => _stepHidden ?? (IReadOnlyList<Tensor>)[];

    /// <summary>c_t [B, H] of each step (values).</summary>
    public IReadOnlyList<Tensor> StepCell => _stepCell ?? (IReadOnlyList<Tensor>)[];

    /// <summary>Gate activations of step t, [B, 4·H]: σ(i), σ(f), tanh(g), σ(o) side by side.</summary>
    public Tensor StepGates(int t)
    {
        if ((uint)t >= (uint)_size.Steps)
            throw new ArgumentOutOfRangeException(nameof(t), $"{OpName}: step {t} does not exist; the sequence has {_size.Steps} steps.");
        int size = _size.Batch * 4 * _size.Hidden;
        float[] gates = _gates ?? Replay().Gates;
        return new Tensor(TensorMemory.CopyOf(gates.AsSpan(t * size, size)), _size.Batch, 4 * _size.Hidden);
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
        RecurrentMath.CheckShapes(this, new Tensor(TensorMemory.Zeroed(batch * input), batch, input), h0, wx, wh, bias, 4);
        _size = new Dimensions(batch, steps, input, hidden);
        int rows = batch * steps, state = batch * hidden;

        (_arguments, _argumentsFingerprint) = (inputs[..6], ValueFingerprint.Of(inputs[..6]));
        _x = Scratch.Rent(rows * input);
        SequenceLayout.ToTimeMajor(x.Data, _x, batch, steps, input);
        (_gates, _cells, _hiddens) = (Scratch.Rent(rows * 4 * hidden), Scratch.Rent(state + rows * hidden), Scratch.Rent(state + rows * hidden));
        LstmRecurrence.Forward(_x, h0.Data, c0.Data, wx.Data, wh.Data, bias.Data, batch, steps, input, hidden, _slices, _gates, _cells, _hiddens);

        _output = new Tensor(SequenceLayout.ToBatchMajor(_hiddens, 1, batch, steps, hidden), batch, steps, hidden);
        _stepHidden = new LazyStepList(steps, HiddenOfStep);
        _stepCell = new LazyStepList(steps, t => StateOfStep(_cells ?? Replay().Cells, t + 1));
        if (!GradMode.IsEnabled) GiveBackWorkingBuffers(); // no graph is recorded, so no Backward will need them
        return _output;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        float[] gates = NodeArgs.Saved(this, _gates), cells = NodeArgs.Saved(this, _cells);
        float[] hiddens = NodeArgs.Saved(this, _hiddens), xt = NodeArgs.Saved(this, _x);
        var (batch, steps, input, hidden) = _size;
        int g4 = 4 * hidden, rows = batch * steps, state = batch * hidden;
        float[] wx = _arguments[3].Data, wh = _arguments[4].Data;
        float[] dz = Scratch.Rent(rows * g4), stepGradients = Scratch.Rent(rows * hidden); // every element is written
        var dh = TensorMemory.Zeroed(state);
        var dc = TensorMemory.Zeroed(state);
        LstmRecurrence.Backward(wh, gates, cells, gradOutput.Data, batch, steps, hidden, _slices, dz, dh, dc, stepGradients);
        // Steps whose h_t tensor exists get dL/dh_t now; the others make it from _outputGradient when first read.
        (_outputGradient, _outputGradientFingerprint, _replayedStepGradients) = (gradOutput, ValueFingerprint.Of(gradOutput), null);
        foreach (var (t, tensor) in _stepHidden!.Made()) tensor.Grad = StateOfStep(stepGradients, t);

        var grads = new Tensor?[6];
        if (NeedsGradient(0)) grads[0] = RecurrentMath.SequenceInputGradient(dz, wx, batch, steps, input, g4);
        grads[1] = new Tensor(dh, batch, hidden);
        grads[2] = new Tensor(dc, batch, hidden);
        if (NeedsGradient(3)) grads[3] = RecurrentMath.SequenceWeightGradient(xt, dz, rows, input, g4);
        (grads[4], grads[5]) = RecurrentMath.SequenceWeightAndBiasGradients(hiddens, dz, rows, hidden, g4, NeedsGradient(4), NeedsGradient(5));
        Scratch.Return(dz);
        Scratch.Return(stepGradients);
        return grads;
    }

    /// <summary>Every gradient Backward returns is a new array made for that call (the engine may adopt it as a parameter's Grad).</summary>
    protected internal override bool ReturnsNewGradients => true;

    public override void ReleaseSavedState()
    {
        GiveBackWorkingBuffers();
        base.ReleaseSavedState();
    }

    private void GiveBackWorkingBuffers()
    {
        foreach (float[]? buffer in new[] { _x, _gates, _cells, _hiddens }) Scratch.Return(buffer);
        (_x, _gates, _cells, _hiddens) = (null, null, null, null);
    }

    /// <summary>h_t from the output, with dL/dh_t as Grad once Backward has run.</summary>
    private Tensor HiddenOfStep(int t)
    {
        var tensor = SequenceLayout.Step(_output!.Data, t, _size.Batch, _size.Steps, _size.Hidden);
        if (_outputGradient is not null) tensor.Grad = StateOfStep(_replayedStepGradients ??= ReplayStepGradients(), t);
        return tensor;
    }

    private Tensor StateOfStep(float[] timeMajor, int index) => SequenceLayout.Block(timeMajor, index, _size.Batch, _size.Hidden);

    /// <summary>The forward recurrence again, on this call's (unchanged) inputs and weights (once, then kept).</summary>
    private Replayed Replay()
    {
        if (_replayed is not null) return _replayed;
        ValueFingerprint.ThrowIfChanged(this, _argumentsFingerprint, _arguments);
        var (batch, steps, input, hidden) = _size;
        int rows = batch * steps, state = batch * hidden, g4 = 4 * hidden;
        var replayed = new Replayed(TensorMemory.Zeroed(rows * g4), TensorMemory.Zeroed(state + rows * hidden), TensorMemory.Zeroed(state + rows * hidden));
        var xt = TensorMemory.Zeroed(rows * input);
        SequenceLayout.ToTimeMajor(_arguments[0].Data, xt, batch, steps, input);
        LstmRecurrence.Forward(xt, _arguments[1].Data, _arguments[2].Data, _arguments[3].Data, _arguments[4].Data, _arguments[5].Data,
            batch, steps, input, hidden, _slices, replayed.Gates, replayed.Cells, replayed.Hiddens);
        return _replayed = replayed;
    }

    /// <summary>dL/dh_t of every step ([T·B, H]), by replaying the forward and the backward sweep.</summary>
    private float[] ReplayStepGradients()
    {
        var replayed = Replay();
        ValueFingerprint.ThrowIfChanged(this, _outputGradientFingerprint, _outputGradient!);
        var (batch, steps, _, hidden) = _size;
        int rows = batch * steps, state = batch * hidden;
        float[] dz = Scratch.Rent(rows * 4 * hidden), stepGradients = TensorMemory.Zeroed(rows * hidden);
        LstmRecurrence.Backward(_arguments[4].Data, replayed.Gates, replayed.Cells, _outputGradient!.Data,
            batch, steps, hidden, _slices, dz, TensorMemory.Zeroed(state), TensorMemory.Zeroed(state), stepGradients);
        Scratch.Return(dz);
        return stepGradients;
    }

    private readonly record struct Dimensions(int Batch, int Steps, int Input, int Hidden);

    /// <summary>The forward buffers of a replay (layout as in <see cref="LstmRecurrence.Forward"/>).</summary>
    private sealed record Replayed(float[] Gates, float[] Cells, float[] Hiddens);
}
