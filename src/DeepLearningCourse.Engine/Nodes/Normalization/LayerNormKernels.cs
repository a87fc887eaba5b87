using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                TensorPrimitives.Multiply(yRow, inv, yRow); // x̂, built as BackwardRow rebuilds it
                TensorPrimitives.MultiplyAdd(yRow, s.Gamma, s.Beta, yRow);
            }
        });
    }

    /// <summary>
    /// One row of the fast backward, in two passes over the row: x̂ (rebuilt as Forward built it), g = dy ⊙ γ, their
    /// sums and the dγ/dβ partial sums, sixteen values at a time; then dx = (g − x̂ · mean(g ⊙ x̂) − mean(g)) · (1/σ).
    /// <paramref name="g"/> and <paramref name="xHat"/> are working rows of length d.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardRow(ReadOnlySpan<float> x, float mean, float inverseStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> partialGamma, Span<float> partialBeta, Span<float> g, Span<float> xHat)
    {
        int d = x.Length, j = 0;
        float sumG = 0, sumGXHat = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var meanVector = Vector512.Create(mean);
            var inverseStdVector = Vector512.Create(inverseStd);
            Vector512<float> sumGVector = Vector512<float>.Zero, sumGXHatVector = Vector512<float>.Zero;
            for (; j <= d - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var xh = (Vector512.Create(x.Slice(j)) - meanVector) * inverseStdVector;
                var dyj = Vector512.Create(dy.Slice(j));
                var gj = dyj * Vector512.Create(gamma.Slice(j));
                xh.CopyTo(xHat.Slice(j));
                gj.CopyTo(g.Slice(j));
                (dyj * xh + Vector512.Create((ReadOnlySpan<float>)partialGamma.Slice(j))).CopyTo(partialGamma.Slice(j));
                (dyj + Vector512.Create((ReadOnlySpan<float>)partialBeta.Slice(j))).CopyTo(partialBeta.Slice(j));
                sumGVector += gj;
                sumGXHatVector += gj * xh;
            }
            (sumG, sumGXHat) = (Vector512.Sum(sumGVector), Vector512.Sum(sumGXHatVector));
        }
        for (; j < d; j++)
        {
            float xh = (x[j] - mean) * inverseStd, gj = dy[j] * gamma[j];
            (xHat[j], g[j]) = (xh, gj);
            partialGamma[j] = dy[j] * xh + partialGamma[j];
            partialBeta[j] = dy[j] + partialBeta[j];
            sumG += gj;
            sumGXHat += gj * xh;
        }
        float meanG = sumG / d, meanGXHat = sumGXHat / d;
        j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var meanGVector = Vector512.Create(meanG);
            var meanGXHatVector = Vector512.Create(meanGXHat);
            var inverseStdVector = Vector512.Create(inverseStd);
            for (; j <= d - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var gj = Vector512.Create((ReadOnlySpan<float>)g.Slice(j));
                var xh = Vector512.Create((ReadOnlySpan<float>)xHat.Slice(j));
                ((gj - xh * meanGXHatVector - meanGVector) * inverseStdVector).CopyTo(dx.Slice(j));
            }
        }
        for (; j < d; j++) dx[j] = (g[j] - xHat[j] * meanGXHat - meanG) * inverseStd;
    }

    /// <summary>
    /// The fast backward from x and the row statistics of <see cref="Forward"/>; same outputs as
    /// <see cref="ReferenceBackward"/> up to float rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                    BackwardRow(s.X.AsSpan(r * s.D, s.D), s.Mean[r], s.InverseStd[r], s.Gamma, s.Dy.AsSpan(r * s.D, s.D),
                        s.Dx.AsSpan(r * s.D, s.D), partialGamma, partialBeta, g, xHatRow);
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
