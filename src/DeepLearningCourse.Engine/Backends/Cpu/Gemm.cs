using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Single-precision matrix multiply (SGEMM) on row-major matrices: C = op(A) · op(B), or C += op(A) · op(B).
/// op(A) is [m, k]: A is stored as [m, k], or as [k, m] when <c>transposeA</c>; likewise op(B) is [k, n].
/// </summary>
/// <remarks>
/// The fast path follows the BLIS/GotoBLAS design: C is cut into column blocks (NC) and the sum over k into
/// blocks (KC); each KC×NC block of B and MC×KC block of A is packed (<see cref="GemmPacking"/>) so that a
/// register-tiled SIMD micro-kernel (<see cref="GemmKernels"/>) streams contiguous memory, with the slivers in
/// L1/L2, the A block in L2 and the B block in L3. Large products split C's tiles between the cores by a fixed
/// partition; every element of C is computed by the same sequence of operations whichever core computes it,
/// so results are bitwise reproducible. A small C over exactly two k blocks is split over k instead (see
/// <see cref="SplitsOverK(Job)"/>). An operand already laid out as the kernel reads it, in a block that spans at most
/// half of L2, is read where it is stored rather than packed (<see cref="ReadsBInPlace(bool, bool, int, int, int, int)"/>,
/// <see cref="ReadsAInPlace(GemmKernelKind, bool, bool, int, int, int, int)"/>); a C with at most ten columns is
/// computed as its transpose (<see cref="TransposesNarrowProduct"/>). Tiny products take a direct loop with no
/// packing and no threads.
/// </remarks>
public static partial class Gemm
{
    /// <summary>
    /// Most steps of k per packed block. Each block ends with a pass over the C tiles (load, add, store), so longer
    /// blocks mean fewer passes over C: at n = 2048, where C does not fit in the caches, 512 ran 8–18% faster than
    /// 256 on the 2-core development VM. The 64 KiB B sliver then streams from L2, which the kernel hides (alone, on
    /// L2-resident slivers, it runs at the FMA peak with 512 as with 256). Large products take longer blocks (<see cref="LargeCValues"/>).
    /// </summary>
    internal const int MaxBlockK = 512;

    /// <summary>Floats of packed A per row block (MC×KC, ~200 KiB: a fifth of the 1 MiB L2).</summary>
    internal const int BlockAFloats = 50 * 1024;

    /// <summary>
    /// Products whose C holds at least this many values (4 MiB, past L2 and most of what the TLB maps) take k blocks of
    /// up to <see cref="LargeMaxBlockK"/> steps and A blocks of <see cref="LargeBlockAFloats"/>: half as many passes over
    /// a C that comes from memory, with the same 98-row A blocks. On the development VM, interleaved runs at n = 1024
    /// and 2048 (medians of each run of three) gave 202–213 GFLOP/s on one core against 188–201 with 512-step blocks,
    /// and 396–401 against 378–391 on two; below this size C stays in the caches and 512 is as fast.
    /// </summary>
    internal const long LargeCValues = 1L << 20;

    /// <summary>Most steps of k per packed block when C has at least <see cref="LargeCValues"/> values.</summary>
    internal const int LargeMaxBlockK = 1024;

    /// <summary>Floats of packed A per row block when C has at least <see cref="LargeCValues"/> values (~400 KiB of the 1 MiB L2).</summary>
    internal const int LargeBlockAFloats = 100 * 1024;

    /// <summary>Products with m·n·k at most this take the direct loop (no packing, no threads).</summary>
    internal const long DirectWork = 16 * 16 * 16;

    /// <summary>
    /// Products with m·n·k at least this are split between cores (about 8 µs of work on one core; below it, waking
    /// a second thread costs more than it saves).
    /// </summary>
    internal const long ParallelWork = 1L << 20;

    internal static readonly GemmKernelKind s_bestKernel =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmKernelKind.Vector256
        : GemmKernelKind.Scalar;

    /// <summary>
    /// How many cores large products are split across: <see cref="Environment.ProcessorCount"/> (set the environment
    /// variable DOTNET_PROCESSOR_COUNT=1 to measure one core). Results do not depend on it, bit for bit.
    /// </summary>
    public static int Threads { get; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>What the fast path runs on this machine, e.g. "Vector512 14×32 micro-kernel, 2 threads".</summary>
    public static string Description
    {
        get
        {
            var (rows, columns) = Tiles(s_bestKernel);
            return $"{s_bestKernel} {rows}×{columns} micro-kernel, {Threads} thread{(Threads == 1 ? "" : "s")}";
        }
    }

    /// <summary>The engine's matrix multiply (the fast path).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        CheckLengths(a, b, c, m, n, k);
        long work = (long)m * n * k;
        if (work <= DirectWork)
        {
            Direct(a, b, c, m, n, k, transposeA, transposeB, accumulate);
            return;
        }
        int parts = work >= ParallelWork ? Threads : 1;
        Multiply(s_bestKernel, parts, a, b, c, m, n, k, transposeA, transposeB, accumulate);
    }

    /// <summary>
    /// A fully connected layer's forward product: C [m, n] = A [m, k] · B [k, n] + bias, the bias [n] added to every
    /// row (empty: none), then max(0, ·) element by element when <paramref name="relu"/>. Bit for bit the same as
    /// filling C's rows with the bias, <c>Multiply(..., accumulate: true)</c>, then ReLU; but each block of C gets
    /// its bias and ReLU while the product still has it in cache, not in separate passes over memory.
    /// </summary>
    public static void Affine(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int n, int k, bool relu = false)
    {
        CheckLengths(a, b, c, m, n, k);
        if (!bias.IsEmpty && bias.Length != n)
            throw new ArgumentException($"Gemm.Affine: the bias has {bias.Length} values but C has {n} columns; pass one per column, or none.");
        long work = (long)m * n * k;
        if (work <= DirectWork)
        {
            Direct(a, b, c, m, n, k, false, false, accumulate: false);
            ApplyEpilogue(c, n, m, bias, relu);
            return;
        }
        int parts = work >= ParallelWork ? Threads : 1;
        Multiply(s_bestKernel, parts, a, b, c, m, n, k, false, false, accumulate: false, bias, relu);
    }

    /// <summary>
    /// A layer's weight and bias gradients in one go: C [m, n] = op(A) · B, B stored [k, n] (dW = xᵀ · dy with
    /// transposeA), and <paramref name="columnSums"/>[j] = Σ_p B[p, j] over p in order (db = Σ
    /// rows of dy), summed block by block right after each block of B is packed, while it is in cache, instead of in
    /// one more pass over B. The sums are bit for bit those of adding B's rows one after another.
    /// </summary>
    public static void MultiplySummingB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        Span<float> columnSums, bool transposeA = false)
    {
        CheckLengths(a, b, c, m, n, k);
        if (columnSums.Length != n)
            throw new ArgumentException($"Gemm.MultiplySummingB: columnSums has {columnSums.Length} values but B has {n} columns; pass one per column.");
        long work = (long)m * n * k;
        if (work <= DirectWork)
        {
            Direct(a, b, c, m, n, k, transposeA, false, accumulate: false);
            columnSums.Clear();
            for (int p = 0; p < k; p++) TensorPrimitives.Add(columnSums, b.Slice(p * n, n), columnSums);
            return;
        }
        int parts = work >= ParallelWork ? Threads : 1;
        Multiply(s_bestKernel, parts, a, b, c, m, n, k, transposeA, false, accumulate: false, columnSumsOfB: columnSums);
    }

    /// <summary>
    /// True when two independent products of <paramref name="work"/> multiply-adds each (a layer's dx and dW) should
    /// run side by side, one per core: each is too small to be split (below <see cref="ParallelWork"/>) but big
    /// enough (from an eighth of it, about a microsecond) that a second core pays for waking it.
    /// </summary>
    internal static bool PairsSideBySide(long work) => Threads >= 2 && work >= ParallelWork / 8 && work < ParallelWork;

    /// <summary>
    /// C = op(A) · op(B) with a ReLU gate on one untransposed operand (dx = (dy ⊙ [y &gt; 0]) · Wᵀ), bit for bit what
    /// <see cref="Multiply(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool, bool, bool)"/>
    /// gives on the gated operand written out, but the gate is applied while the operand is packed.
    /// </summary>
    internal static void MultiplyGated(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        bool transposeA, bool transposeB, GemmGate gate)
    {
        CheckLengths(a, b, c, m, n, k);
        long work = (long)m * n * k;
        if (work <= DirectWork)
        {
            bool onA = gate.Operand == GatedOperand.A;
            float[] gated = Gated(onA ? a : b, gate.Values, onA ? m * k : k * n);
            if (onA) Multiply(gated, b, c, m, n, k, transposeA, transposeB);
            else Multiply(a, gated, c, m, n, k, transposeA, transposeB);
            return;
        }
        Multiply(s_bestKernel, work >= ParallelWork ? Threads : 1, a, b, c, m, n, k, transposeA, transposeB, accumulate: false, gate: gate);
    }

    /// <summary>
    /// <see cref="MultiplySummingB"/> with B gated by <paramref name="gateOfB"/> (dW = xᵀ · (dy ⊙ [y &gt; 0]) and
    /// db = Σ rows of the gated dy), bit for bit the same as on the gated B written out.
    /// </summary>
    internal static void MultiplySummingGatedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        Span<float> columnSums, bool transposeA, ReadOnlySpan<float> gateOfB)
    {
        CheckLengths(a, b, c, m, n, k);
        long work = (long)m * n * k;
        if (work <= DirectWork)
        {
            MultiplySummingB(a, Gated(b, gateOfB, k * n), c, m, n, k, columnSums, transposeA);
            return;
        }
        if (columnSums.Length != n)
            throw new ArgumentException($"Gemm.MultiplySummingB: columnSums has {columnSums.Length} values but B has {n} columns; pass one per column.");
        Multiply(s_bestKernel, work >= ParallelWork ? Threads : 1, a, b, c, m, n, k, transposeA, false, accumulate: false,
            columnSumsOfB: columnSums, gate: new GemmGate(gateOfB, GatedOperand.B));
    }

    /// <summary>The first <paramref name="count"/> values of <paramref name="values"/> where the gate is &gt; 0, 0 elsewhere, in a new array.</summary>
    private static float[] Gated(ReadOnlySpan<float> values, ReadOnlySpan<float> gate, int count)
    {
        if (gate.Length < count) throw new ArgumentException($"Gemm: the gate has {gate.Length} values; it needs {count}, one per value of the gated operand.");
        var gated = new float[count];
        ReluNode.GateByPositive(gate[..count], values[..count], gated);
        return gated;
    }

    /// <summary>
    /// The readable reference: for each row i of C and each k, add A[i, k] times row k of B (i-k-j order, so the
    /// inner loop runs along contiguous rows). Every fast path is tested equal to this.
    /// </summary>
    public static void Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        CheckLengths(a, b, c, m, n, k);
        if (!accumulate) c[..(m * n)].Clear();
        float[]? bRow = transposeB ? new float[n] : null;
        for (int i = 0; i < m; i++)
        {
            Span<float> cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float aip = transposeA ? a[p * m + i] : a[i * k + p];
                if (aip == 0) continue;
                ReadOnlySpan<float> row;
                if (bRow is null)
                {
                    row = b.Slice(p * n, n);
                }
                else
                {
                    for (int j = 0; j < n; j++) bRow[j] = b[j * k + p];
                    row = bRow;
                }
                TensorPrimitives.MultiplyAdd(row, aip, cRow, cRow);
            }
        }
    }

    /// <summary>The packed path with an explicit kernel and number of parts (tests compare kernels and partitions).</summary>
    /// <remarks>
    /// With a <paramref name="bias"/> or <paramref name="relu"/> (only without accumulate): the epilogue of
    /// <see cref="Affine"/>, applied to each block of C after its first and last k block. With
    /// <paramref name="columnSumsOfB"/> (only for B stored [k, n]): the column sums of <see cref="MultiplySummingB"/>.
    /// </remarks>
    internal static unsafe void Multiply(GemmKernelKind kernel, int parts, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, ReadOnlySpan<float> bias = default, bool relu = false,
        Span<float> columnSumsOfB = default, GemmGate gate = default)
    {
        CheckLengths(a, b, c, m, n, k);
        if (!gate.Values.IsEmpty)
        {
            bool onA = gate.Operand == GatedOperand.A;
            if (onA ? transposeA : transposeB)
                throw new ArgumentException($"Gemm: a gate on {gate.Operand} needs {gate.Operand} stored untransposed.");
            if (gate.Values.Length < (onA ? (long)m * k : (long)k * n))
                throw new ArgumentException($"Gemm: the gate has {gate.Values.Length} values; it needs one per value of {gate.Operand}.");
            if (m == 0 || n == 0)
            {
                // Nothing to pack, but column sums of B may still be asked for: gate a copy.
                float[] gated = Gated(onA ? a : b, gate.Values, onA ? m * k : k * n);
                if (onA) Multiply(kernel, parts, gated, b, c, m, n, k, transposeA, transposeB, accumulate, bias, relu, columnSumsOfB);
                else Multiply(kernel, parts, a, gated, c, m, n, k, transposeA, transposeB, accumulate, bias, relu, columnSumsOfB);
                return;
            }
        }
        bool epilogue = !bias.IsEmpty || relu;
        if (epilogue && accumulate) throw new ArgumentException("Gemm: a bias or ReLU epilogue needs accumulate = false.");
        if (!columnSumsOfB.IsEmpty && (transposeB || columnSumsOfB.Length != n))
            throw new ArgumentException("Gemm: column sums of B need B stored [k, n] and one sum per column.");
        columnSumsOfB.Clear();
        if (m == 0 || n == 0)
        {
            if (!columnSumsOfB.IsEmpty) for (int p = 0; p < k; p++) TensorPrimitives.Add(columnSumsOfB, b.Slice(p * n, n), columnSumsOfB);
            return;
        }
        if (k == 0)
        {
            if (!accumulate) c[..(m * n)].Clear();
            ApplyEpilogue(c, n, m, bias, relu);
            return;
        }
        if (MultipliesSmallRows(kernel, parts, m, n, k, transposeA, transposeB, accumulate, !columnSumsOfB.IsEmpty, !gate.Values.IsEmpty))
        {
            MultiplySmallRows(a, b, c, m, n, k, bias, relu);
            return;
        }
        if (TransposesNarrowProduct(kernel, m, n, k, accumulate, !columnSumsOfB.IsEmpty, !gate.Values.IsEmpty))
        {
            MultiplyNarrowTransposed(kernel, parts, a, b, c, m, n, k, transposeA, transposeB, bias, relu);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c, pbias = bias, psums = columnSumsOfB, pgate = gate.Values)
        {
            var job = new Job((nint)pa, (nint)pb, (nint)pc, m, n, k, transposeA, transposeB, accumulate, kernel, parts, (nint)pbias, relu, (nint)psums,
                (nint)pgate, gate.Operand);
            if (parts <= 1)
            {
                Packed(job, 0, m, 0, n);
            }
            else if (SplitsOverK(job))
            {
                RunSplitOverK(job);
            }
            else
            {
                WorkerThreads.Run(parts, job, static (part, job) => RunPart(job, part));
            }
        }
    }

    /// <summary>Everything a part of the product needs (pointers as nint so a lambda can carry them).</summary>
    /// <remarks>Bias, ColumnSums and Gate are 0 without them.</remarks>
    private readonly record struct Job(nint A, nint B, nint C, int M, int N, int K, bool TransposeA, bool TransposeB, bool Accumulate,
        GemmKernelKind Kernel, int Parts, nint Bias, bool Relu, nint ColumnSums, nint Gate = 0, GatedOperand GatedOperand = GatedOperand.A);

    /// <summary>
    /// Part <paramref name="part"/> of job.Parts: a fixed, contiguous range of whole tile rows or
    /// whole tile columns, the same on every call for the same sizes.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunPart(Job job, int part)
    {
        int parts = job.Parts;
        var (tileRows, tileColumns) = Tiles(job.Kernel);
        if (SplitRows(job.M, job.N, tileRows, tileColumns, parts))
        {
            var (start, end) = Share(job.M, tileRows, part, parts);
            if (start < end) Packed(job, start, end, 0, job.N);
        }
        else
        {
            var (start, end) = Share(job.N, tileColumns, part, parts);
            if (start < end) Packed(job, 0, job.M, start, end);
        }
    }

    /// <summary>
    /// Split C by rows or by columns, whichever gives the largest part fewer elements (tiles are whole, so one
    /// split may balance better); on a tie, split the longer side. Each part packs all of the other operand.
    /// </summary>
    private static bool SplitRows(int m, int n, int tileRows, int tileColumns, int parts)
    {
        long largestByRows = (long)MaxShare(m, tileRows, parts) * n;
        long largestByColumns = (long)m * MaxShare(n, tileColumns, parts);
        return largestByRows != largestByColumns ? largestByRows < largestByColumns : m >= n;
    }

    private static int MaxShare(int length, int tile, int parts)
    {
        int largest = 0;
        for (int part = 0; part < parts; part++)
        {
            var (start, end) = Share(length, tile, part, parts);
            largest = Math.Max(largest, end - start);
        }
        return largest;
    }

    private static (int Start, int End) Share(int length, int tile, int part, int parts)
    {
        int tiles = (length + tile - 1) / tile;
        int first = (int)((long)tiles * part / parts), last = (int)((long)tiles * (part + 1) / parts);
        return (Math.Min(length, first * tile), Math.Min(length, last * tile));
    }

    internal static (int Rows, int Columns) Tiles(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Vector512 => (GemmKernels.Vector512Rows, GemmKernels.Vector512Columns),
        GemmKernelKind.Vector256 => (GemmKernels.Vector256Rows, GemmKernels.Vector256Columns),
        _ => (GemmKernels.ScalarRows, GemmKernels.ScalarColumns),
    };

    private static unsafe delegate*<float*, int, float*, int, int, float*, int, bool, void> KernelFor(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Vector512 => &GemmKernels.Vector512Tile,
        GemmKernelKind.Vector256 => &GemmKernels.Vector256Tile,
        _ => &GemmKernels.ScalarTile,
    };
    /// <summary>Tiny products: a plain dot product per element of C, no packing, no threads.</summary>
    private static void Direct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate)
    {
        // Element strides: A(i, p) = a[i·aRow + p·aStep], B(p, j) = b[p·bStep + j·bColumn].
        int aRow = transposeA ? 1 : k, aStep = transposeA ? m : 1;
        int bStep = transposeB ? 1 : n, bColumn = transposeB ? k : 1;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++) sum = MathF.FusedMultiplyAdd(a[i * aRow + p * aStep], b[p * bStep + j * bColumn], sum);
                if (accumulate) c[i * n + j] += sum;
                else c[i * n + j] = sum;
            }
        }
    }

    private static void CheckLengths(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Gemm: sizes m={m}, n={n}, k={k} must not be negative.");
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
            throw new ArgumentException($"Gemm: buffers too small for m={m}, n={n}, k={k}: A has {a.Length} (needs {(long)m * k}), B has {b.Length} (needs {(long)k * n}), C has {c.Length} (needs {(long)m * n}).");
    }
}
