using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The sequential part of a fused LSTM sequence (<see cref="LstmSequenceNode"/>): the forward recurrence over all T
/// steps and backpropagation through time. Buffers are time-major: row b of step t is t·B + b. The batch is cut into
/// <see cref="BatchSlices"/>, one per core, and each core runs every step of its own slice (rows never mix in the
/// recurrence). Forward computes each step's pre-activations as one product, z_t = b + [x_t | h_t−1] · [W_x; W_h],
/// with the stacked weights packed once per sweep (<see cref="PackedRightOperand"/>), so z_t is made in cache right
/// before its gate math instead of streaming in from a whole-sequence input projection; Backward packs W_hᵀ once.
/// </summary>
internal static class LstmRecurrence
{
    /// <summary>
    /// Forward over the whole sequence. In: x time-major [T·B, in], h_0 and c_0 [B, H], W_x [in, 4·H], W_h [H, 4·H],
    /// b [4·H]. Out: <paramref name="gates"/> [T·B, 4·H] activations σ(i), σ(f), tanh(g), σ(o); <paramref name="cells"/>
    /// and <paramref name="hiddens"/> [(T+1)·B, H] with the initial state at index 0 and the state after step t at
    /// t + 1. Buffers may be longer than that. (tanh(c_t) is not kept: Backward computes it again, with the same code.)
    /// </summary>
    public static void Forward(float[] xTimeMajor, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0, ReadOnlySpan<float> wx,
        ReadOnlySpan<float> wh, ReadOnlySpan<float> bias, int batch, int steps, int input, int hidden, int slices,
        float[] gates, float[] cells, float[] hiddens)
    {
        int g4 = 4 * hidden, state = batch * hidden;
        c0[..state].CopyTo(cells);
        h0[..state].CopyTo(hiddens);
        // [W_x; W_h] [in + H, 4·H]: the two row-major weights one after the other.
        float[] stackedWeights = Scratch.Rent((input + hidden) * g4);
        wx[..(input * g4)].CopyTo(stackedWeights);
        wh[..(hidden * g4)].CopyTo(stackedWeights.AsSpan(input * g4));
        var sweep = new ForwardSweep(PackedRightOperand.ForCurrentThread(stackedWeights.AsSpan(0, (input + hidden) * g4), input + hidden, g4, transposed: false),
            xTimeMajor, bias[..g4].ToArray(), gates, cells, hiddens, batch, steps, input, hidden, BatchSlices.Count(batch, slices));
        Scratch.Return(stackedWeights);
        WorkerThreads.Run(sweep.Slices, sweep, static (slice, sweep) => sweep.Run(slice));
    }

    /// <summary>
    /// Backpropagation through time from the forward's buffers and dL/dy [B, T, H] (batch-major, as the node's output).
    /// Writes <paramref name="dz"/> [T·B, 4·H] (gradients of the pre-activations) and <paramref name="stepGradients"/>
    /// [T·B, H] (the total dL/dh_t of each step); <paramref name="dh"/> and <paramref name="dc"/> [B, H] must start at
    /// zero and end as dL/dh_0 and dL/dc_0.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> wh, float[] gates, float[] cells, float[] outputGradient,
        int batch, int steps, int hidden, int slices, float[] dz, float[] dh, float[] dc, float[] stepGradients)
    {
        int g4 = 4 * hidden;
        var sweep = new BackwardSweep(PackedRightOperand.ForCurrentThread(wh, g4, hidden, transposed: true),
            gates, cells, outputGradient, dz, dh, dc, stepGradients, batch, steps, hidden, BatchSlices.Count(batch, slices));
        WorkerThreads.Run(sweep.Slices, sweep, static (slice, sweep) => sweep.Run(slice));
    }

    /// <summary>
    /// The forward recurrence for batch slice <c>slice</c> of <c>Slices</c>, all T steps: per step, the slice's rows
    /// of z_t get [x_t | h_{t-1}] · [W_x; W_h] (one product, the stacked rows gathered in a small per-slice buffer),
    /// then the gate math adds the bias and replaces them by the gate activations, and writes c_t, h_t. Adding the bias
    /// there rather than starting z_t from it saves a pass over z_t per step and gives the same bits: the kernel adds
    /// its whole sum to what C held, and b + s = s + b exactly. Time-major buffers as in the node; row b of step t is
    /// t·B + b.
    /// </summary>
    private readonly record struct ForwardSweep(PackedRightOperand StackedWeights, float[] Inputs, float[] Bias, float[] Gates,
        float[] Cells, float[] Hiddens, int Batch, int Steps, int Input, int Hidden, int Slices)
    {
        public void Run(int slice)
        {
            var (first, end) = BatchSlices.Range(Batch, slice, Slices);
            int rows = end - first, g4 = 4 * Hidden, state = Batch * Hidden, width = Input + Hidden;
            if (rows == 0) return;
            Span<float> tanhC = new float[Hidden]; // tanh(c_t) of the current row
            Span<float> stacked = new float[rows * width]; // [x_t | h_{t-1}] of the slice's rows
            for (int t = 0; t < Steps; t++)
            {
                Span<float> z = Gates.AsSpan((t * Batch + first) * g4, rows * g4);
                for (int r = 0; r < rows; r++)
                {
                    Inputs.AsSpan((t * Batch + first + r) * Input, Input).CopyTo(stacked.Slice(r * width));
                    Hiddens.AsSpan(t * state + (first + r) * Hidden, Hidden).CopyTo(stacked.Slice(r * width + Input));
                }
                StackedWeights.Multiply(stacked, rows, z, accumulate: false);
                for (int b = first; b < end; b++)
                {
                    int previous = t * state + b * Hidden, next = previous + state;
                    LstmGateMath.Forward(z.Slice((b - first) * g4, g4), Bias, Cells.AsSpan(previous, Hidden), Cells.AsSpan(next, Hidden),
                        tanhC, Hiddens.AsSpan(next, Hidden));
                }
            }
        }
    }

    /// <summary>
    /// Backpropagation through time for batch slice <c>slice</c>, t = T−1..0: DHidden carries dL/dh_t (what flows back
    /// from step t+1 plus the output's own gradient, copied to rows t·B.. of StepGradients) and DCell dL/dc_t; each step writes
    /// its rows of dz_t and forms dL/dh_{t-1} = dz_t · W_hᵀ. At the end DHidden and DCell hold dL/dh_0 and dL/dc_0.
    /// </summary>
    private readonly record struct BackwardSweep(PackedRightOperand RecurrentWeightTransposed, float[] Gates, float[] Cells,
        float[] OutputGradient, float[] Dz, float[] DHidden, float[] DCell, float[] StepGradients,
        int Batch, int Steps, int Hidden, int Slices)
    {
        public void Run(int slice)
        {
            var (first, end) = BatchSlices.Range(Batch, slice, Slices);
            int rows = end - first, g4 = 4 * Hidden, state = Batch * Hidden;
            if (rows == 0) return;
            Span<float> tanhC = new float[Hidden]; // tanh(c_t) of the current row
            Span<float> dh = DHidden.AsSpan(first * Hidden, rows * Hidden);
            for (int t = Steps - 1; t >= 0; t--)
            {
                for (int b = first; b < end; b++)
                {
                    Span<float> dhRow = DHidden.AsSpan(b * Hidden, Hidden);
                    TensorPrimitives.Add(dhRow, OutputGradient.AsSpan((b * Steps + t) * Hidden, Hidden), dhRow);
                    // Row b of step t: cells block t holds c_{t-1} (block 0 is c_0), block t + 1 holds c_t.
                    int zRow = (t * Batch + b) * g4, offset = t * state + b * Hidden;
                    LstmGateMath.Tanh(Cells.AsSpan(offset + state, Hidden), tanhC);
                    LstmGateMath.Backward(Gates.AsSpan(zRow, g4), tanhC, Cells.AsSpan(offset, Hidden),
                        dhRow, DCell.AsSpan(b * Hidden, Hidden), Dz.AsSpan(zRow, g4));
                }
                dh.CopyTo(StepGradients.AsSpan(t * state + first * Hidden, rows * Hidden));
                RecurrentWeightTransposed.Multiply(Dz.AsSpan((t * Batch + first) * g4, rows * g4), rows, dh, accumulate: false);
            }
        }
    }
}
