namespace DeepLearningCourse.Engine;

/// <summary>
/// A whole GRU sequence in one node, for speed; same equations (PyTorch's r, z, n), weight layout and biases as
/// <see cref="GRUCell"/> / <see cref="GruCellNode"/>.
/// Shapes: x [B, T, in], h_0 [B, H], W_x [in, 3·H], W_h [H, 3·H], b_x [3·H], b_h [3·H] → all hidden states [B, T, H].
/// Forward: the input projections x · W_x + b_x of all steps are one matrix product; each step then adds
/// h_{t-1} · W_h + b_h. Backward walks t = T−1..0 carrying dL/dh_t, and finishes with one matrix product per weight
/// gradient over all steps. <see cref="StepHidden"/>[t].Grad holds dL/dh_t after Backward, as in the unrolled graph.
/// <para>The sequential part runs in <see cref="GruRecurrence"/> (one batch slice per core). As in
/// <see cref="LstmSequenceNode"/>, per-step tensors (h_t, gates, dL/dh_t) are made when first read: from the output,
/// from the working buffers while Backward needs them, afterwards by replaying the recurrence on this call's inputs and
/// weights (the same bits; a changed weight or input is reported, see <see cref="ValueFingerprint"/>).</para>
/// </summary>
public sealed class GruSequenceNode : Node
{
    private readonly int _slices;
    private Dimensions _size;
    // This call's x, h_0, W_x, W_h, b_x, b_h (kept for a replay) and their fingerprint; dL/dy and its fingerprint.
    private Tensor[] _arguments = [];
    private ulong _argumentsFingerprint, _outputGradientFingerprint;
    // Rented working buffers (see Scratch; null once given back), time-major as in GruRecurrence; _x is x time-major [T·B, in].
    private float[]? _x;
    private Buffers? _buffers;
    private Buffers? _replayed;
    private Tensor? _output, _outputGradient;
    private float[]? _replayedStepGradients;
    private LazyStepList? _stepHidden;

    /// <summary>A node that splits the batch across the engine's cores (<see cref="Gemm.Threads"/>).</summary>
    public GruSequenceNode() : this(0)
    {
    }

    /// <summary>A node that cuts the batch into <paramref name="slices"/> slices (0: one per core); the results are the same bits.</summary>
    internal GruSequenceNode(int slices) => _slices = slices;

    /// <summary>h_t [B, H] of each step (values; after Backward each Grad holds dL/dh_t).</summary>
    public IReadOnlyList<Tensor> StepHidden => _stepHidden ?? (IReadOnlyList<Tensor>)[];

    /// <summary>Gate activations of step t, values only, each [B, H]: "reset" r, "update" z, "candidate" n.</summary>
    public Dictionary<string, Tensor> StepGates(int t)
    {
        if ((uint)t >= (uint)_size.Steps)
            throw new ArgumentOutOfRangeException(nameof(t), $"{OpName}: step {t} does not exist; the sequence has {_size.Steps} steps.");
        var buffers = _buffers ?? Replay();
        return new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["reset"] = StateOfStep(buffers.Reset, t),
            ["update"] = StateOfStep(buffers.Update, t),
            ["candidate"] = StateOfStep(buffers.Candidate, t),
        };
    }

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 6);
        Tensor x = inputs[0], h0 = inputs[1], wx = inputs[2], wh = inputs[3], bx = inputs[4], bh = inputs[5];
        NodeArgs.Rank(this, x, 3, "x", "[batch, time, inputSize]");
        int batch = x.Shape[0], steps = x.Shape[1], input = x.Shape[2];
        // The weight checks of a single step, on a stand-in x_t [B, in].
        var (_, _, hidden, g3) = RecurrentMath.CheckShapes(this, new Tensor(TensorMemory.Zeroed(batch * input), batch, input), h0, wx, wh, bx, 3);
        if (bh.Rank != 1 || bh.Shape[0] != g3)
            throw new ShapeException($"{OpName}: b_h is {Tensor.ShapeText(bh.Shape)} but must be [3·hidden] = [{g3}].");
        _size = new Dimensions(batch, steps, input, hidden);
        int rows = batch * steps, state = batch * hidden;

        (_arguments, _argumentsFingerprint) = (inputs[..6], ValueFingerprint.Of(inputs[..6]));
        _x = Scratch.Rent(rows * input);
        SequenceLayout.ToTimeMajor(x.Data, _x, batch, steps, input);
        var buffers = _buffers = new Buffers(Scratch.Rent(state + rows * hidden), Scratch.Rent(rows * hidden), Scratch.Rent(rows * hidden),
            Scratch.Rent(rows * hidden), Scratch.Rent(rows * hidden));
        RunForward(_x, buffers);

        _output = new Tensor(SequenceLayout.ToBatchMajor(buffers.Hiddens, 1, batch, steps, hidden), batch, steps, hidden);
        _stepHidden = new LazyStepList(steps, HiddenOfStep);
        if (!GradMode.IsEnabled) GiveBackWorkingBuffers(); // no graph is recorded, so no Backward will need them
        return _output;
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        var buffers = NodeArgs.Saved(this, _buffers);
        float[] xt = NodeArgs.Saved(this, _x);
        var (batch, steps, input, hidden) = _size;
        int g3 = 3 * hidden, rows = batch * steps, state = batch * hidden;
        // Every element of dxp, dhp and stepGradients is written before it is read.
        float[] dxp = Scratch.Rent(rows * g3), dhp = Scratch.Rent(rows * g3), stepGradients = Scratch.Rent(rows * hidden);
        var dh = TensorMemory.Zeroed(state);
        RunBackward(buffers, gradOutput, dxp, dhp, dh, stepGradients);
        // Steps whose h_t tensor exists get dL/dh_t now; the others make it from _outputGradient when first read.
        (_outputGradient, _outputGradientFingerprint, _replayedStepGradients) = (gradOutput, ValueFingerprint.Of(gradOutput), null);
        foreach (var (t, tensor) in _stepHidden!.Made()) tensor.Grad = StateOfStep(stepGradients, t);

        var grads = new Tensor?[6];
        if (NeedsGradient(0)) grads[0] = RecurrentMath.SequenceInputGradient(dxp, _arguments[2].Data, batch, steps, input, g3);
        grads[1] = new Tensor(dh, batch, hidden);
        (grads[2], grads[4]) = RecurrentMath.SequenceWeightAndBiasGradients(xt, dxp, rows, input, g3, NeedsGradient(2), NeedsGradient(4));
        (grads[3], grads[5]) = RecurrentMath.SequenceWeightAndBiasGradients(buffers.Hiddens, dhp, rows, hidden, g3, NeedsGradient(3), NeedsGradient(5));
        foreach (float[] buffer in new[] { dxp, dhp, stepGradients }) Scratch.Return(buffer);
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
        if (_buffers is { } buffers)
        {
            foreach (float[] buffer in new[] { buffers.Hiddens, buffers.Reset, buffers.Update, buffers.Candidate, buffers.HiddenN }) Scratch.Return(buffer);
        }
        Scratch.Return(_x);
        (_x, _buffers) = (null, null);
    }

    private void RunForward(float[] xTimeMajor, Buffers buffers)
    {
        var (batch, steps, input, hidden) = _size;
        GruRecurrence.Forward(xTimeMajor, _arguments[1].Data, _arguments[2].Data, _arguments[3].Data, _arguments[4].Data, _arguments[5].Data,
            batch, steps, input, hidden, _slices, buffers.Hiddens, buffers.Reset, buffers.Update, buffers.Candidate, buffers.HiddenN);
    }

    private void RunBackward(Buffers buffers, Tensor gradOutput, float[] dxp, float[] dhp, float[] dh, float[] stepGradients)
    {
        var (batch, steps, _, hidden) = _size;
        GruRecurrence.Backward(_arguments[3].Data, buffers.Hiddens, buffers.Reset, buffers.Update, buffers.Candidate,
            buffers.HiddenN, gradOutput.Data, batch, steps, hidden, _slices, dxp, dhp, dh, stepGradients);
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
    private Buffers Replay()
    {
        if (_replayed is not null) return _replayed;
        ValueFingerprint.ThrowIfChanged(this, _argumentsFingerprint, _arguments);
        var (batch, steps, input, hidden) = _size;
        int rows = batch * steps, state = batch * hidden;
        var replayed = new Buffers(TensorMemory.Zeroed(state + rows * hidden), TensorMemory.Zeroed(rows * hidden), TensorMemory.Zeroed(rows * hidden), TensorMemory.Zeroed(rows * hidden), TensorMemory.Zeroed(rows * hidden));
        var xt = TensorMemory.Zeroed(rows * input);
        SequenceLayout.ToTimeMajor(_arguments[0].Data, xt, batch, steps, input);
        RunForward(xt, replayed);
        return _replayed = replayed;
    }

    /// <summary>dL/dh_t of every step ([T·B, H]), by replaying the forward and the backward sweep.</summary>
    private float[] ReplayStepGradients()
    {
        var replayed = Replay();
        ValueFingerprint.ThrowIfChanged(this, _outputGradientFingerprint, _outputGradient!);
        var (batch, steps, _, hidden) = _size;
        int rows = batch * steps, g3 = 3 * hidden;
        float[] dxp = Scratch.Rent(rows * g3), dhp = Scratch.Rent(rows * g3), stepGradients = TensorMemory.Zeroed(rows * hidden);
        RunBackward(replayed, _outputGradient!, dxp, dhp, TensorMemory.Zeroed(batch * hidden), stepGradients);
        Scratch.Return(dxp);
        Scratch.Return(dhp);
        return stepGradients;
    }

    private readonly record struct Dimensions(int Batch, int Steps, int Input, int Hidden);

    /// <summary>The forward buffers (layout as in <see cref="GruRecurrence.Forward"/>).</summary>
    private sealed record Buffers(float[] Hiddens, float[] Reset, float[] Update, float[] Candidate, float[] HiddenN);
}
