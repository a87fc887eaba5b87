using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The passes of <see cref="BatchNormNode"/> for features, x [N, C] (one value per channel and row), eight channels
/// at a time: each row adds its values to per-channel sums. The channel sums stay in double and take the rows in
/// order, and every float operation is the one the element-by-element loops in <see cref="BatchNormNode"/> do, so the
/// results are the same bit for bit; a [600, 16] batch no longer pays a loop set-up per value.
/// </summary>
/// <remarks>Callers check <see cref="IsAccelerated"/>; the element-by-element loops are the reference.</remarks>
internal static class BatchNormFeatureKernels
{
    private const int Lanes = 8;

    /// <summary>True where 256-bit vectors (eight floats, four doubles) are hardware-accelerated.</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    /// <summary>sums[c] += Σ_n x[n, c], rows in order. x is [rows, C], sums [C].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddColumnSums(ReadOnlySpan<float> x, Span<double> sums)
    {
        int channels = sums.Length;
        for (int start = 0; start < x.Length; start += channels)
        {
            var row = x.Slice(start, channels);
            int c = 0;
            for (; c <= channels - Lanes; c += Lanes)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(row.Slice(c)));
                (Vector256.Create<double>(sums.Slice(c)) + low).CopyTo(sums.Slice(c));
                (Vector256.Create<double>(sums.Slice(c + 4)) + high).CopyTo(sums.Slice(c + 4));
            }
            for (; c < channels; c++) sums[c] += row[c];
        }
    }

    /// <summary>squares[c] += Σ_n (x[n, c] − mean[c])², rows in order, in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddColumnSquares(ReadOnlySpan<float> x, ReadOnlySpan<double> mean, Span<double> squares)
    {
        int channels = squares.Length;
        for (int start = 0; start < x.Length; start += channels)
        {
            var row = x.Slice(start, channels);
            int c = 0;
            for (; c <= channels - Lanes; c += Lanes)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(row.Slice(c)));
                var dLow = low - Vector256.Create(mean.Slice(c));
                var dHigh = high - Vector256.Create(mean.Slice(c + 4));
                (Vector256.Create<double>(squares.Slice(c)) + dLow * dLow).CopyTo(squares.Slice(c));
                (Vector256.Create<double>(squares.Slice(c + 4)) + dHigh * dHigh).CopyTo(squares.Slice(c + 4));
            }
            for (; c < channels; c++)
            {
                double d = row[c] - mean[c];
                squares[c] += d * d;
            }
        }
    }

    /// <summary>x̂ = (x − mean)·inverseStd and y = γ·x̂ + β, row by row. x, xHat, y [rows, C]; the rest [C].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Normalize(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> xHat, Span<float> y)
    {
        int channels = mean.Length;
        for (int start = 0; start < x.Length; start += channels)
        {
            var row = x.Slice(start, channels);
            var normalizedRow = xHat.Slice(start, channels);
            var outputRow = y.Slice(start, channels);
            int c = 0;
            for (; c <= channels - Lanes; c += Lanes)
            {
                var normalized = (Vector256.Create(row.Slice(c)) - Vector256.Create(mean.Slice(c))) * Vector256.Create(inverseStd.Slice(c));
                normalized.CopyTo(normalizedRow.Slice(c));
                (Vector256.Create(gamma.Slice(c)) * normalized + Vector256.Create(beta.Slice(c))).CopyTo(outputRow.Slice(c));
            }
            for (; c < channels; c++)
            {
                float normalized = (row[c] - mean[c]) * inverseStd[c];
                normalizedRow[c] = normalized;
                outputRow[c] = gamma[c] * normalized + beta[c];
            }
        }
    }

    /// <summary>sumDy[c] += Σ_n dy[n, c] and sumDyXHat[c] += Σ_n dy[n, c]·x̂[n, c], rows in order, in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddGradientSums(ReadOnlySpan<float> dy, ReadOnlySpan<float> xHat, Span<double> sumDy, Span<double> sumDyXHat)
    {
        int channels = sumDy.Length;
        for (int start = 0; start < dy.Length; start += channels)
        {
            var dyRow = dy.Slice(start, channels);
            var xHatRow = xHat.Slice(start, channels);
            int c = 0;
            for (; c <= channels - Lanes; c += Lanes)
            {
                var (gLow, gHigh) = Vector256.Widen(Vector256.Create(dyRow.Slice(c)));
                var (hLow, hHigh) = Vector256.Widen(Vector256.Create(xHatRow.Slice(c)));
                (Vector256.Create<double>(sumDy.Slice(c)) + gLow).CopyTo(sumDy.Slice(c));
                (Vector256.Create<double>(sumDy.Slice(c + 4)) + gHigh).CopyTo(sumDy.Slice(c + 4));
                (Vector256.Create<double>(sumDyXHat.Slice(c)) + gLow * hLow).CopyTo(sumDyXHat.Slice(c));
                (Vector256.Create<double>(sumDyXHat.Slice(c + 4)) + gHigh * hHigh).CopyTo(sumDyXHat.Slice(c + 4));
            }
            for (; c < channels; c++)
            {
                sumDy[c] += dyRow[c];
                sumDyXHat[c] += (double)dyRow[c] * xHatRow[c];
            }
        }
    }

    /// <summary>dx = scale·(dy − meanDy − x̂·meanDyXHat), row by row. dy, xHat, dx [rows, C]; the rest [C].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InputGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> xHat, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> meanDy, ReadOnlySpan<float> meanDyXHat, Span<float> dx)
    {
        int channels = scale.Length;
        for (int start = 0; start < dy.Length; start += channels)
        {
            var dyRow = dy.Slice(start, channels);
            var xHatRow = xHat.Slice(start, channels);
            var dxRow = dx.Slice(start, channels);
            int c = 0;
            for (; c <= channels - Lanes; c += Lanes)
            {
                var centred = Vector256.Create(dyRow.Slice(c)) - Vector256.Create(meanDy.Slice(c))
                    - Vector256.Create(xHatRow.Slice(c)) * Vector256.Create(meanDyXHat.Slice(c));
                (Vector256.Create(scale.Slice(c)) * centred).CopyTo(dxRow.Slice(c));
            }
            for (; c < channels; c++) dxRow[c] = scale[c] * (dyRow[c] - meanDy[c] - xHatRow[c] * meanDyXHat[c]);
        }
    }
}
