using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The arithmetic of <see cref="LayerNormNode"/> on x viewed as [rows, d]: a readable reference (one element at a
/// time, sums in double) and the fast path the node runs (whole rows with vectorized float operations, rows split
/// between the engine's worker threads). Formulas are in <see cref="LayerNormNode"/>.
/// </summary>
/// <remarks>
/// Determinism: each row is computed the same way whichever thread computes it. dγ and dβ sum over rows; the fast
/// path sums fixed blocks of rows (their number depends only on the number of rows) into partial sums and adds the
/// partials in block order, so the result does not depend on the number of threads either.
/// </remarks>
internal static class LayerNormKernels
{
    /// <summary>The reference forward: x̂ [rows·d], 1/σ per row and y [rows·d].</summary>
    public static void ReferenceForward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon, int d,
        Span<float> xHat, Span<float> inverseStd, Span<float> y)
    {
        int rows = inverseStd.Length;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * d, d);
            double sum = 0;
            foreach (float v in row) sum += v;
            double mean = sum / d, squares = 0;
            foreach (float v in row) squares += (v - mean) * (v - mean);
            float inv = 1f / MathF.Sqrt((float)(squares / d) + epsilon);
            inverseStd[r] = inv;
            for (int j = 0; j < d; j++)
            {
                int i = r * d + j;
                xHat[i] = (float)(row[j] - mean) * inv;
                y[i] = gamma[j] * xHat[i] + beta[j];
            }
        }
    }

    /// <summary>The reference backward: dx [rows·d], dγ [d] and dβ [d] (dγ and dβ are overwritten).</summary>
    public static void ReferenceBackward(ReadOnlySpan<float> xHat, ReadOnlySpan<float> inverseStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> dy, int d,
        Span<float> dx, Span<float> dGamma, Span<float> dBeta)
    {
        dGamma.Clear();
        dBeta.Clear();
        for (int r = 0; r < inverseStd.Length; r++)
        {
            double sumG = 0, sumGXHat = 0;
            for (int j = 0; j < d; j++)
            {
                int i = r * d + j;
                float g = dy[i] * gamma[j];
                sumG += g;
                sumGXHat += (double)g * xHat[i];
                dGamma[j] += dy[i] * xHat[i];
                dBeta[j] += dy[i];
            }
            float meanG = (float)(sumG / d), meanGXHat = (float)(sumGXHat / d);
            for (int j = 0; j < d; j++)
            {
                int i = r * d + j;
                dx[i] = (dy[i] * gamma[j] - meanG - xHat[i] * meanGXHat) * inverseStd[r];
            }
        }
    }

    /// <summary>
    /// The fast forward: y, and per row the mean and 1/σ that <see cref="Backward"/> needs to rebuild x̂ from x (so x̂,
    /// an array the size of x, is not kept); the same values as <see cref="ReferenceForward"/> up to float rounding.
    /// </summary>
    public static void Forward(float[] x, float[] gamma, float[] beta, float epsilon, int d, float[] mean, float[] inverseStd, float[] y)
    {
        int rows = inverseStd.Length;
        var state = (X: x, Gamma: gamma, Beta: beta, Epsilon: epsilon, D: d, Mean: mean, InverseStd: inverseStd, Y: y);
        ParallelRanges.RunItems(rows, d, state, static (start, end, s) =>
        {
            for (int r = start; r < end; r++)
            {
                ReadOnlySpan<float> row = s.X.AsSpan(r * s.D, s.D);
                Span<float> yRow = s.Y.AsSpan(r * s.D, s.D);
                float mean = TensorPrimitives.Sum(row) / s.D;
                TensorPrimitives.Subtract(row, mean, yRow);
                float inv = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(yRow) / s.D + s.Epsilon);
                (s.Mean[r], s.InverseStd[r]) = (mean, inv);
                NormalizeCentred(yRow, inv);
                TensorPrimitives.MultiplyAdd(yRow, s.Gamma, s.Beta, yRow);
            }
        });
    }

    /// <summary>x̂ = (x − μ) · (1/σ) of one row, the same operations in both fast passes (so Backward's x̂ is Forward's, bit for bit).</summary>
    private static void NormalizedRow(ReadOnlySpan<float> row, float mean, float inverseStd, Span<float> xHat)
    {
        TensorPrimitives.Subtract(row, mean, xHat);
        NormalizeCentred(xHat, inverseStd);
    }

    private static void NormalizeCentred(Span<float> centred, float inverseStd) => TensorPrimitives.Multiply(centred, inverseStd, centred);

    /// <summary>
    /// The fast backward from x and the row statistics of <see cref="Forward"/>; same outputs as
    /// <see cref="ReferenceBackward"/> up to float rounding.
    /// </summary>
    public static void Backward(float[] x, float[] mean, float[] inverseStd, float[] gamma, float[] dy, int d, float[] dx, float[] dGamma, float[] dBeta)
    {
        int rows = inverseStd.Length;
        int blockRows = Math.Max(16, (rows + 63) / 64), blocks = (rows + blockRows - 1) / blockRows;
        // Partial sums of one block of rows: dγ in the first d values, dβ in the next d.
        var partials = new float[blocks * 2 * d];
        var state = (X: x, Mean: mean, InverseStd: inverseStd, Gamma: gamma, Dy: dy, D: d, Dx: dx, Partials: partials, BlockRows: blockRows);
        ParallelRanges.RunItems(blocks, blockRows * d, state, static (firstBlock, endBlock, s) =>
        {
            Span<float> g = s.D <= 1024 ? stackalloc float[s.D] : new float[s.D];
            Span<float> xHatRow = s.D <= 1024 ? stackalloc float[s.D] : new float[s.D];
            for (int block = firstBlock; block < endBlock; block++)
            {
                Span<float> partialGamma = s.Partials.AsSpan(block * 2 * s.D, s.D), partialBeta = s.Partials.AsSpan((block * 2 + 1) * s.D, s.D);
                int end = Math.Min(s.InverseStd.Length, (block + 1) * s.BlockRows);
                for (int r = block * s.BlockRows; r < end; r++)
                {
                    NormalizedRow(s.X.AsSpan(r * s.D, s.D), s.Mean[r], s.InverseStd[r], xHatRow);
                    ReadOnlySpan<float> dyRow = s.Dy.AsSpan(r * s.D, s.D);
                    Span<float> dxRow = s.Dx.AsSpan(r * s.D, s.D);
                    TensorPrimitives.MultiplyAdd(dyRow, xHatRow, partialGamma, partialGamma);
                    TensorPrimitives.Add(dyRow, partialBeta, partialBeta);
                    TensorPrimitives.Multiply(dyRow, s.Gamma, g);
                    float meanG = TensorPrimitives.Sum(g) / s.D, meanGXHat = TensorPrimitives.Dot(g, xHatRow) / s.D;
                    // dx = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / σ
                    TensorPrimitives.MultiplyAdd(xHatRow, -meanGXHat, g, dxRow);
                    TensorPrimitives.Subtract(dxRow, meanG, dxRow);
                    TensorPrimitives.Multiply(dxRow, s.InverseStd[r], dxRow);
                }
            }
        });
        dGamma.AsSpan().Clear();
        dBeta.AsSpan().Clear();
        for (int block = 0; block < blocks; block++)
        {
            TensorPrimitives.Add(dGamma, partials.AsSpan(block * 2 * d, d), dGamma);
            TensorPrimitives.Add(dBeta, partials.AsSpan((block * 2 + 1) * d, d), dBeta);
        }
    }
}
