using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The sequential part of a fused GRU sequence (<see cref="GruSequenceNode"/>), organised like
/// <see cref="LstmRecurrence"/>: time-major buffers (row b of step t is t·B + b), one batch slice per core
/// (<see cref="BatchSlices"/>) running every step of its rows, W_h packed once per sweep.
/// </summary>
internal static class GruRecurrence
{
    /// <summary>
    /// Forward over the whole sequence. In: x time-major [T·B, in], h_0 [B, H], W_x [in, 3·H], W_h [H, 3·H], b_x and
    /// b_h [3·H]. Out: <paramref name="hiddens"/> [(T+1)·B, H] with h_0 at index 0 and h_t at t + 1; per step, [T·B, H]
    /// each: reset r, update z, candidate n and <paramref name="hiddenN"/> = the n block of h_{t-1} · W_h + b_h.
    /// Buffers may be longer than that.
    /// </summary>
    public static void Forward(float[] xTimeMajor, ReadOnlySpan<float> h0, ReadOnlySpan<float> wx, ReadOnlySpan<float> wh,
        ReadOnlySpan<float> inputBias, float[] hiddenBias, int batch, int steps, int input, int hidden, int slices,
        float[] hiddens, float[] reset, float[] update, float[] candidate, float[] hiddenN)
    {
        int g3 = 3 * hidden, rows = batch * steps, state = batch * hidden;
        float[] inputProjection = Scratch.Rent(rows * g3), hiddenProjection = Scratch.Rent(state * 3);
        Gemm.Affine(xTimeMajor.AsSpan(0, rows * input), wx, inputBias[..g3], inputProjection.AsSpan(0, rows * g3), rows, g3, input);
        h0[..state].CopyTo(hiddens);
        var sweep = new ForwardSweep(PackedRightOperand.ForCurrentThread(wh, hidden, g3, transposed: false), inputProjection,
            hiddenBias, hiddens, reset, update, candidate, hiddenN, hiddenProjection, batch, steps, hidden, BatchSlices.Count(batch, slices));
        WorkerThreads.Run(sweep.Slices, sweep, static (slice, sweep) => sweep.Run(slice));
        Scratch.Return(inputProjection);
        Scratch.Return(hiddenProjection);
    }

    /// <summary>
    /// Backpropagation through time from the forward's buffers and dL/dy [B, T, H] (batch-major). Writes the
    /// gradients of the input-side and hidden-side pre-activations, <paramref name="dInputProjection"/> and
    /// <paramref name="dHiddenProjection"/> [T·B, 3·H], and <paramref name="stepGradients"/> [T·B, H] (the total dL/dh_t
    /// of each step); <paramref name="dh"/> [B, H] must start at zero and ends as dL/dh_0.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> wh, float[] hiddens, float[] reset, float[] update, float[] candidate, float[] hiddenN,
        float[] outputGradient, int batch, int steps, int hidden, int slices,
        float[] dInputProjection, float[] dHiddenProjection, float[] dh, float[] stepGradients)
    {
        float[] dhDirect = Scratch.Rent(batch * hidden);
        var sweep = new BackwardSweep(PackedRightOperand.ForCurrentThread(wh, 3 * hidden, hidden, transposed: true), hiddens, reset, update,
            candidate, hiddenN, outputGradient, dInputProjection, dHiddenProjection, dh, dhDirect, stepGradients, batch, steps, hidden,
            BatchSlices.Count(batch, slices));
        WorkerThreads.Run(sweep.Slices, sweep, static (slice, sweep) => sweep.Run(slice));
        Scratch.Return(dhDirect);
    }

    private readonly record struct ForwardSweep(PackedRightOperand RecurrentWeight, float[] InputProjection, float[] HiddenBias,
        float[] Hiddens, float[] Reset, float[] Update, float[] Candidate, float[] HiddenN, float[] HiddenProjection,
        int Batch, int Steps, int Hidden, int Slices)
    {
        public void Run(int slice)
        {
            var (first, end) = BatchSlices.Range(Batch, slice, Slices);
            int rows = end - first, g3 = 3 * Hidden, state = Batch * Hidden;
            if (rows == 0) return;
            for (int t = 0; t < Steps; t++)
            {
                RecurrentWeight.Multiply(Hiddens.AsSpan(t * state + first * Hidden, rows * Hidden), rows,
                    HiddenProjection.AsSpan(first * g3, rows * g3), accumulate: false);
                int slice0 = t * state + first * Hidden, sliceLength = rows * Hidden;
                for (int b = first; b < end; b++)
                {
                    int s = t * state + b * Hidden;
                    GruGateMath.PreActivations(InputProjection.AsSpan((t * Batch + b) * g3, g3), HiddenProjection.AsSpan(b * g3, g3), HiddenBias,
                        Reset.AsSpan(s, Hidden), Update.AsSpan(s, Hidden), HiddenN.AsSpan(s, Hidden));
                }
                // One library call per gate for the slice's rows, not one per row.
                VectorMath.Sigmoid(Reset.AsSpan(slice0, sliceLength), Reset.AsSpan(slice0, sliceLength));
                VectorMath.Sigmoid(Update.AsSpan(slice0, sliceLength), Update.AsSpan(slice0, sliceLength));
                for (int b = first; b < end; b++)
                {
                    int s = t * state + b * Hidden;
                    GruGateMath.CandidatePreActivation(Reset.AsSpan(s, Hidden), HiddenN.AsSpan(s, Hidden),
                        InputProjection.AsSpan((t * Batch + b) * g3 + 2 * Hidden, Hidden), Candidate.AsSpan(s, Hidden));
                }
                VectorMath.Tanh(Candidate.AsSpan(slice0, sliceLength), Candidate.AsSpan(slice0, sliceLength));
                // h_t = n + z ⊙ (h_{t-1} − n), computed as z ⊙ (h_{t-1} − n) + n.
                GruGateMath.NextHidden(Update.AsSpan(slice0, sliceLength), Hiddens.AsSpan(slice0, sliceLength), Candidate.AsSpan(slice0, sliceLength),
                    Hiddens.AsSpan(slice0 + state, sliceLength));
            }
        }
    }

    private readonly record struct BackwardSweep(PackedRightOperand RecurrentWeightTransposed, float[] Hiddens, float[] Reset, float[] Update,
        float[] Candidate, float[] HiddenN, float[] OutputGradient, float[] DInputProjection, float[] DHiddenProjection, float[] DHidden,
        float[] DHiddenDirect, float[] StepGradients, int Batch, int Steps, int Hidden, int Slices)
    {
        public void Run(int slice)
        {
            var (first, end) = BatchSlices.Range(Batch, slice, Slices);
            int rows = end - first, g3 = 3 * Hidden, state = Batch * Hidden;
            if (rows == 0) return;
            Span<float> dh = DHidden.AsSpan(first * Hidden, rows * Hidden), dhDirect = DHiddenDirect.AsSpan(first * Hidden, rows * Hidden);
            for (int t = Steps - 1; t >= 0; t--)
            {
                for (int b = first; b < end; b++)
                {
                    Span<float> dhRow = DHidden.AsSpan(b * Hidden, Hidden);
                    TensorPrimitives.Add(dhRow, OutputGradient.AsSpan((b * Steps + t) * Hidden, Hidden), dhRow);
                }
                dh.CopyTo(StepGradients.AsSpan(t * state + first * Hidden, rows * Hidden));
                for (int b = first; b < end; b++)
                {
                    int row = (t * Batch + b) * g3, s = t * state + b * Hidden; // Hiddens at s is h_{t-1}
                    GruGateMath.Backward(Reset.AsSpan(s, Hidden), Update.AsSpan(s, Hidden), Candidate.AsSpan(s, Hidden), HiddenN.AsSpan(s, Hidden),
                        Hiddens.AsSpan(s, Hidden), DHidden.AsSpan(b * Hidden, Hidden), DHiddenDirect.AsSpan(b * Hidden, Hidden),
                        DInputProjection.AsSpan(row, g3), DHiddenProjection.AsSpan(row, g3));
                }
                RecurrentWeightTransposed.Multiply(DHiddenProjection.AsSpan((t * Batch + first) * g3, rows * g3), rows, dh, accumulate: false);
                TensorPrimitives.Add(dh, dhDirect, dh);
            }
        }
    }
}
