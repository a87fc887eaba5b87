using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepLearningCourse.Engine;

/// <summary>
/// The forward pass of <see cref="MaxPool2dNode"/>: for each output, the value and flat input index of the first
/// maximum of its window in row-major order (a later value wins only if strictly greater, so a NaN met first stays).
/// <see cref="Windows"/> is the reference, one window at a time. Two fast paths give the same values and indices:
/// 2×2 windows with stride 2 and no padding (four outputs of a row at a time), and stride-1 windows of any size and
/// padding (eight at a time), with vector compares in the same window order. Planes are split between the cores.
/// </summary>
internal static unsafe class MaxPoolKernels
{
    /// <summary>Tests set this to run the reference loop only, to compare the fast paths with it.</summary>
    internal static bool UseReference { get; set; }

    /// <summary>Fewest outputs worth splitting between the cores (below this the handoff costs more than it saves).</summary>
    private const int ParallelOutputs = 16_384;

    /// <summary>
    /// Fills y [planes·Ho·Wo] and the flat input index of each output's maximum, stored as the bits of
    /// <paramref name="argMaxBits"/> (a pooled float array read as ints), for x [planes·H·W].
    /// </summary>
    public static void Forward(float[] x, PoolGeometry g, float[] y, float[] argMaxBits)
    {
        int parts = Parts(g);
        WorkerThreads.Run(parts, (X: x, G: g, Y: y, ArgMax: argMaxBits, Parts: parts), static (part, job) =>
        {
            var (first, last) = PlaneRange(job.G, part, job.Parts);
            Planes(job.X, job.G, job.Y, job.ArgMax, first, last);
        });
    }

    /// <summary>dx [planes·H·W] += each output gradient at its maximum's index, plane by plane in output order.</summary>
    public static void Backward(float[] gradOutput, float[] argMaxBits, PoolGeometry g, float[] dx)
    {
        int parts = Parts(g);
        WorkerThreads.Run(parts, (G: gradOutput, ArgMax: argMaxBits, Geometry: g, Dx: dx, Parts: parts), static (part, job) =>
        {
            var (first, last) = PlaneRange(job.Geometry, part, job.Parts);
            int outputs = job.Geometry.OutHeight * job.Geometry.OutWidth;
            fixed (float* pg = job.G, pbits = job.ArgMax, pdx = job.Dx)
            {
                int* argMax = (int*)pbits;
                // Each plane's outputs point into the same plane of x, so the parts never touch the same dx.
                for (int i = first * outputs; i < last * outputs; i++) pdx[argMax[i]] += pg[i];
            }
        });
    }

    /// <summary>How many cores share the planes: all of them from <see cref="ParallelOutputs"/> outputs on.</summary>
    private static int Parts(PoolGeometry g) =>
        (long)g.Planes * g.OutHeight * g.OutWidth >= ParallelOutputs ? Math.Min(Gemm.Threads, g.Planes) : 1;

    private static (int First, int Last) PlaneRange(PoolGeometry g, int part, int parts) =>
        ((int)((long)g.Planes * part / parts), (int)((long)g.Planes * (part + 1) / parts));

    /// <summary>Planes [first, last).</summary>
    private static void Planes(float[] x, PoolGeometry g, float[] y, float[] argMaxBits, int first, int last)
    {
        fixed (float* px = x, py = y, pbits = argMaxBits)
        {
            int* pa = (int*)pbits;
            for (int plane = first; plane < last; plane++)
            {
                if (UseReference || !Vector256.IsHardwareAccelerated) Windows(px, g, py, pa, plane);
                else if (g.Kernel == 2 && g.Stride == 2 && g.Padding == 0) TwoByTwo(px, g, py, pa, plane);
                else if (g.Stride == 1) StrideOne(px, g, py, pa, plane);
                else Windows(px, g, py, pa, plane);
            }
        }
    }

    /// <summary>The reference: each window clipped to the image, scanned in row-major order.</summary>
    private static void Windows(float* x, PoolGeometry g, float* y, int* argMax, int plane)
    {
        int ho = g.OutHeight, wo = g.OutWidth;
        for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++) Window(x, g, y, argMax, plane, oy, ox);
    }

    private static void Window(float* x, PoolGeometry g, float* y, int* argMax, int plane, int oy, int ox)
    {
        int planeStart = plane * g.Height * g.Width, outIndex = (plane * g.OutHeight + oy) * g.OutWidth + ox;
        int top = oy * g.Stride - g.Padding, left = ox * g.Stride - g.Padding;
        int bottom = Math.Min(top + g.Kernel, g.Height), right = Math.Min(left + g.Kernel, g.Width);
        (top, left) = (Math.Max(top, 0), Math.Max(left, 0));
        int best = planeStart + top * g.Width + left;
        for (int iy = top; iy < bottom; iy++)
        {
            int rowStart = planeStart + iy * g.Width;
            for (int ix = left; ix < right; ix++)
            {
                if (x[rowStart + ix] > x[best]) best = rowStart + ix;
            }
        }
        argMax[outIndex] = best;
        y[outIndex] = x[best];
    }

    /// <summary>2×2 windows, stride 2, no padding: per row of outputs, four at a time from eight columns of two rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoByTwo(float* x, PoolGeometry g, float* y, int* argMax, int plane)
    {
        int width = g.Width, ho = g.OutHeight, wo = g.OutWidth;
        var evensThenOdds = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        var lanes = Vector128.Create(0, 2, 4, 6);
        for (int oy = 0; oy < ho; oy++)
        {
            int rowStart = plane * g.Height * width + 2 * oy * width, outStart = (plane * ho + oy) * wo;
            // Four outputs at a time; a row whose width is not a multiple of 4 ends with four that overlap the
            // previous ones (the same values written twice), so only rows narrower than 4 go one by one.
            if (wo < 4)
            {
                for (int ox = 0; ox < wo; ox++) Window(x, g, y, argMax, plane, oy, ox);
                continue;
            }
            for (int ox = 0; ox < wo; ox += 4)
            {
                int at = Math.Min(ox, wo - 4);
                // Columns 2·at … 2·at + 7 of the two rows, split into the window's four positions a b / c d.
                var top = Vector256.Shuffle(Vector256.Load(x + rowStart + 2 * at), evensThenOdds);
                var bottom = Vector256.Shuffle(Vector256.Load(x + rowStart + width + 2 * at), evensThenOdds);
                var best = top.GetLower();
                var offset = Vector128<int>.Zero;
                Take(top.GetUpper(), Vector128.Create(1), ref best, ref offset);
                Take(bottom.GetLower(), Vector128.Create(width), ref best, ref offset);
                Take(bottom.GetUpper(), Vector128.Create(width + 1), ref best, ref offset);
                best.Store(y + outStart + at);
                (Vector128.Create(rowStart + 2 * at) + lanes + offset).Store(argMax + outStart + at);
            }
        }
    }

    /// <summary>
    /// Stride 1: the outputs of a row whose windows lie inside the image horizontally read each window row as
    /// eight contiguous columns, so eight outputs are compared at once; the first and last few outputs of a row
    /// (windows clipped at the left or right border) go one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StrideOne(float* x, PoolGeometry g, float* y, int* argMax, int plane)
    {
        int width = g.Width, kernel = g.Kernel, padding = g.Padding, ho = g.OutHeight, wo = g.OutWidth;
        int planeStart = plane * g.Height * width;
        int firstInside = padding, endInside = Math.Min(wo, width - kernel + padding + 1); // outputs with left ≥ 0 and right ≤ W
        for (int oy = 0; oy < ho; oy++)
        {
            int top = Math.Max(oy - padding, 0), bottom = Math.Min(oy - padding + kernel, g.Height);
            int outStart = (plane * ho + oy) * wo;
            for (int ox = 0; ox < Math.Min(firstInside, wo); ox++) Window(x, g, y, argMax, plane, oy, ox);
            if (endInside - firstInside >= 8)
            {
                // Eight at a time; the last eight may overlap the previous ones (the same values written twice).
                for (int ox = firstInside; ox < endInside; ox += 8) EightInside(x, g, y, argMax, planeStart, top, bottom, outStart, Math.Min(ox, endInside - 8));
            }
            else
            {
                for (int ox = firstInside; ox < endInside; ox++) Window(x, g, y, argMax, plane, oy, ox);
            }
            for (int ox = Math.Max(endInside, firstInside); ox < wo; ox++) Window(x, g, y, argMax, plane, oy, ox);
        }
    }

    /// <summary>Outputs ox … ox + 7 of one row of a stride-1 pooling whose windows lie inside the image horizontally.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EightInside(float* x, PoolGeometry g, float* y, int* argMax, int planeStart, int top, int bottom, int outStart, int ox)
    {
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        int left = ox - g.Padding;
        int firstIndex = planeStart + top * g.Width + left;
        var best = Vector256.Load(x + firstIndex);
        var index = Vector256.Create(firstIndex) + lanes;
        for (int iy = top; iy < bottom; iy++)
        {
            int rowStart = planeStart + iy * g.Width + left;
            for (int j = iy == top ? 1 : 0; j < g.Kernel; j++)
            {
                var candidate = Vector256.Load(x + rowStart + j);
                var greater = Vector256.GreaterThan(candidate, best);
                best = Vector256.ConditionalSelect(greater, candidate, best);
                index = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(rowStart + j) + lanes, index);
            }
        }
        best.Store(y + outStart + ox);
        index.Store(argMax + outStart + ox);
    }

    /// <summary>Where <paramref name="candidate"/> is strictly greater than <paramref name="best"/>, takes it and its offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector128<float> candidate, Vector128<int> candidateOffset, ref Vector128<float> best, ref Vector128<int> offset)
    {
        var greater = Vector128.GreaterThan(candidate, best);
        best = Vector128.ConditionalSelect(greater, candidate, best);
        offset = Vector128.ConditionalSelect(greater.AsInt32(), candidateOffset, offset);
    }
}
