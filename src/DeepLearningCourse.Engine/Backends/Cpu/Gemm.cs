using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearningCourse.Engine;

/// <summary>Which micro-kernel <see cref="Gemm"/> uses (the best the processor supports unless a test picks one).</summary>
internal enum GemmKernelKind
{
    /// <summary>Portable scalar 4×4 tiles.</summary>
    Scalar,
    /// <summary>AVX2/FMA 6×16 tiles.</summary>
    Vector256,
    /// <summary>AVX-512 tiles of <see cref="GemmKernels.Vector512Rows"/>×32.</summary>
    Vector512,
}

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
public static class Gemm
{
    /// <summary>
    /// Most steps of k per packed block. Each block ends with a pass over the C tiles (load, add, store), so longer
    /// blocks mean fewer passes over C: at n = 2048, where C does not fit in the caches, 512 ran 8–18% faster than
    /// 256 on the 2-core development VM. The 64 KiB B sliver then streams from L2, which the kernel hides (alone, on
    /// L2-resident slivers, it runs at the FMA peak with 512 as with 256); 1024 was no faster.
    /// </summary>
    internal const int MaxBlockK = 512;

    /// <summary>Floats of packed A per row block (MC×KC, ~200 KiB: a fifth of the 1 MiB L2).</summary>
    internal const int BlockAFloats = 50 * 1024;

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

    /// <summary>Widest C (columns) computed as its transpose (see <see cref="TransposesNarrowProduct"/>).</summary>
    internal const int NarrowColumns = 10;

    /// <summary>
    /// True for a product with a narrow C (at most <see cref="NarrowColumns"/> columns, such as a 10-class output
    /// layer) and one k block, which the Vector512 kernels compute faster as Cᵀ = op(B)ᵀ · op(A)ᵀ: C's few columns
    /// become rows of 32-wide tiles instead of a 16-wide vector mostly padding (128×256 · 256×10: 9.0 → 6.4 µs,
    /// writing C back included). Each element is the same FMA chain over k with the two factors swapped, and the bias
    /// is added after the one block either way, so the bits are the same.
    /// </summary>
    internal static bool TransposesNarrowProduct(GemmKernelKind kernel, int m, int n, int k, bool accumulate, bool columnSums, bool gated) =>
        kernel == GemmKernelKind.Vector512 && !ComputeNarrowProductsDirectly && n <= NarrowColumns && m >= 2 * GemmKernels.Vector512Rows
        && k <= MaxBlockK && !accumulate && !columnSums && !gated;

    /// <summary>Tests set this to compute narrow products directly, to compare with their transposed form.</summary>
    internal static bool ComputeNarrowProductsDirectly { get; set; }

    /// <summary>
    /// C = op(A)·op(B) (+ bias, ReLU) computed as Cᵀ [n, m] into a per-thread buffer; column j's bias is added to
    /// row j of Cᵀ in one call (m values rather than n per row of C), then Cᵀ is written back and rectified.
    /// </summary>
    private static unsafe void MultiplyNarrowTransposed(GemmKernelKind kernel, int parts, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool transposeA, bool transposeB, ReadOnlySpan<float> bias, bool relu)
    {
        var transposed = new Span<float>(GemmWorkspace.ForCurrentThread(0, 0).TransposedC(n * m), n * m);
        Multiply(kernel, parts, b, a, transposed, n, m, k, !transposeB, !transposeA, accumulate: false);
        if (!bias.IsEmpty)
        {
            for (int j = 0; j < n; j++) TensorPrimitives.Add(transposed.Slice(j * m, m), bias[j], transposed.Slice(j * m, m));
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++) c[i * n + j] = transposed[j * m + i];
        }
        if (relu) ReluNode.Rectify(c[..(m * n)], c[..(m * n)]);
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

    /// <summary>
    /// The blocked, packed product for C[rowStart..rowEnd, colStart..colEnd] (on one thread).
    /// Loop order (outer to inner): column blocks NC, k blocks KC (pack B), row blocks MC (pack A), tile columns, tile rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Packed(Job job, int rowStart, int rowEnd, int colStart, int colEnd) =>
        Packed(job, rowStart, rowEnd, colStart, colEnd, 0, job.K, (float*)job.C, job.N, job.Relu);

    /// <summary>
    /// The k steps [kStart, kEnd) of the product for C[rowStart..rowEnd, colStart..colEnd], written to
    /// <paramref name="target"/> (C's element (i, j) at target[i·ldc + j]); ReLU after the last step only when
    /// <paramref name="relu"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Packed(Job job, int rowStart, int rowEnd, int colStart, int colEnd, int kStart, int kEnd, float* target, int ldc, bool relu)
    {
        var (tileRows, tileColumns) = Tiles(job.Kernel);
        var kernel = KernelFor(job.Kernel);
        int blockK = BlockSteps(job.K);
        int blockRows = tileRows * Math.Max(1, BlockAFloats / (tileRows * blockK));
        int blockColumns = tileColumns * (2048 / tileColumns);
        int packedRows = Math.Min(blockRows, RoundUp(rowEnd - rowStart, tileRows));
        int packedColumns = Math.Min(blockColumns, RoundUp(colEnd - colStart, tileColumns));
        var workspace = GemmWorkspace.ForCurrentThread(packedRows * blockK, blockK * packedColumns);
        float* packedA = workspace.PackedA, packedB = workspace.PackedB;
        float* a = (float*)job.A, b = (float*)job.B, c = target;
        float* gateA = job.GatedOperand == GatedOperand.A ? (float*)job.Gate : null;
        float* gateB = job.GatedOperand == GatedOperand.B ? (float*)job.Gate : null;
        int n = job.N;
        float* edge = stackalloc float[tileRows * tileColumns];

        for (int jc = colStart; jc < colEnd; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, colEnd - jc);
            for (int pc = kStart; pc < kEnd; pc += blockK)
            {
                int kc = Math.Min(blockK, kEnd - pc);
                bool inPlaceB = ReadsBInPlace(job, kc, nc, tileColumns);
                if (!inPlaceB) GemmPacking.PackB(b, job.TransposeB, n, job.K, jc, nc, pc, kc, tileColumns, packedB, gateB);
                float* blockB = inPlaceB ? b + (nint)pc * n + jc : packedB;
                // Each column of B is packed by exactly one part of a column split, and by every part of a row split:
                // there only the part that starts at row 0 sums it.
                if (job.ColumnSums != 0 && rowStart == 0)
                {
                    var sums = new Span<float>((float*)job.ColumnSums + jc, nc);
                    for (int p = pc; p < pc + kc; p++)
                    {
                        var row = new ReadOnlySpan<float>(b + (nint)p * n + jc, nc);
                        if (gateB == null) TensorPrimitives.Add(sums, row, sums);
                        else AddGated(sums, row, new ReadOnlySpan<float>(gateB + (nint)p * n + jc, nc));
                    }
                }
                // The first block overwrites C, unless C += A·B; the second block of a split over k starts its own sum.
                bool overwrite = pc == kStart && (pc > 0 || !job.Accumulate);
                for (int ic = rowStart; ic < rowEnd; ic += blockRows)
                {
                    int mc = Math.Min(blockRows, rowEnd - ic);
                    bool inPlaceA = ReadsAInPlace(job, kc, mc, tileRows);
                    if (!inPlaceA) GemmPacking.PackA(a, job.TransposeA, job.M, job.K, ic, mc, pc, kc, tileRows, packedA, gateA);
                    float* blockA = inPlaceA ? a + (nint)pc * job.M + ic : packedA;
                    float* block = c + (nint)ic * ldc + jc;
                    TileBlock(job.Kernel, blockA, inPlaceA ? job.M : 0, blockB, inPlaceB ? n : 0, mc, nc, kc, block, ldc, overwrite, edge);
                    if (job.Bias != 0 || relu)
                    {
                        var bias = job.Bias == 0 || pc != 0 ? default : new ReadOnlySpan<float>((float*)job.Bias + jc, nc);
                        ApplyEpilogue(block, ldc, mc, nc, bias, relu && pc + kc == job.K);
                    }
                }
            }
        }
    }

    /// <summary>
    /// True when the kernels can read the B block where it is stored instead of a packed copy: B stored [k, n] without
    /// a gate, the block whole tiles wide, and the rows it spans (kc of them, n floats apart) at most
    /// <see cref="InPlaceMaxFloats"/>: half the L2 cache. Then the strided slivers stay in L2 as packed ones do and
    /// the copy is saved (the first layer's x·W on one core: 134 → 124 µs). Wider, power-of-two strides map a sliver
    /// onto few cache sets, and the copy pays for itself.
    /// </summary>
    private static bool ReadsBInPlace(Job job, int kc, int nc, int tileColumns) =>
        ReadsBInPlace(job.TransposeB, job.Gate != 0 && job.GatedOperand == GatedOperand.B, kc, nc, job.N, tileColumns);

    /// <inheritdoc cref="ReadsBInPlace(Job, int, int, int)"/>
    internal static bool ReadsBInPlace(bool transposeB, bool gatedB, int kc, int nc, int n, int tileColumns) =>
        !PackEveryOperand && !transposeB && !gatedB && nc % tileColumns == 0 && (long)kc * n <= InPlaceMaxFloats;

    /// <summary>
    /// True when the kernels can read the A block where it is stored: A stored [k, m] (op(A) = Aᵀ, as in dW = xᵀ·dy),
    /// so each step's rows of a sliver are already side by side, and the steps span at most
    /// <see cref="InPlaceMaxFloats"/>. Partial slivers need the Vector512 edge kernels, which read only their rows
    /// (the others compute a whole tile aside, which would read past A).
    /// </summary>
    private static bool ReadsAInPlace(Job job, int kc, int mc, int tileRows) =>
        ReadsAInPlace(job.Kernel, job.TransposeA, job.Gate != 0 && job.GatedOperand == GatedOperand.A, kc, mc, job.M, tileRows);

    /// <inheritdoc cref="ReadsAInPlace(Job, int, int, int)"/>
    internal static bool ReadsAInPlace(GemmKernelKind kernel, bool transposeA, bool gatedA, int kc, int mc, int m, int tileRows) =>
        !PackEveryOperand && transposeA && !gatedA && (kernel == GemmKernelKind.Vector512 || mc % tileRows == 0)
        && (long)kc * m <= InPlaceMaxFloats;

    /// <summary>Most floats a block read in place may span: 512 KiB, half the L2 cache.</summary>
    internal const int InPlaceMaxFloats = 128 * 1024;

    /// <summary>Tests set this to pack every block of A and B, to compare against reading them in place (the bits are the same).</summary>
    internal static bool PackEveryOperand { get; set; }

    /// <summary>
    /// True for a product that two cores share best by the sum over k: k is two packed blocks long and C is small
    /// (a batch of activations, ≤ 64K values). Each core then packs half of A and half of B, instead of all of A
    /// and half of B, and reads B by rows: the first layer's W [784, 256] in the rows that its weight gradient and
    /// the optimizer's update give the same core, so W stays in that core's cache from step to step instead of
    /// crossing to the other. One core computes C as the first block's sum plus the second's, and so does the split,
    /// so results are bit for bit the same.
    /// </summary>
    private static bool SplitsOverK(Job job) => SplitsOverK(job.Parts, job.M, job.N, job.K, job.Accumulate, job.ColumnSums != 0);

    /// <inheritdoc cref="SplitsOverK(Job)"/>
    internal static bool SplitsOverK(int parts, int m, int n, int k, bool accumulate, bool columnSums) =>
        parts == 2 && !accumulate && !columnSums && k > BlockSteps(k) && k <= 2 * BlockSteps(k) && (long)m * n <= SplitOverKMaxC;

    /// <summary>Largest C (values) split over k: two of them, C and the second block's sum, stay within L2.</summary>
    internal const int SplitOverKMaxC = 64 * 1024;

    /// <summary>
    /// C = A·B over two k blocks, one per core: part 0 computes the first block (plus the bias) into C, part 1 the
    /// second into its own aligned buffer; then the caller adds the second into C (and applies ReLU).
    /// </summary>
    private static unsafe void RunSplitOverK(Job job)
    {
        // The second block's buffer belongs to the calling thread, which reads it after both parts are done (a
        // helper's own buffer could be reused by another caller's product by then).
        float* second = GemmWorkspace.ForCurrentThread(0, 0).PartialC(job.M * job.N);
        WorkerThreads.Run(2, (Job: job, Second: (nint)second), static (part, state) =>
        {
            var job = state.Job;
            int blockK = BlockSteps(job.K);
            if (part == 0) Packed(job, 0, job.M, 0, job.N, 0, blockK, (float*)job.C, job.N, relu: false);
            else Packed(job, 0, job.M, 0, job.N, blockK, job.K, (float*)state.Second, job.N, relu: false);
        });
        var sum = new Span<float>((float*)job.C, job.M * job.N);
        TensorPrimitives.Add(sum, new ReadOnlySpan<float>(second, job.M * job.N), sum);
        if (job.Relu) ReluNode.Rectify(sum, sum);
    }

    /// <summary>
    /// C[0..mc, 0..nc) = (or +=) A block (mc rows, kc steps) · B block (kc steps, nc columns), tile by tile: the
    /// innermost two loops of the blocked product. <paramref name="edge"/> holds one tile (partial tiles).
    /// Each operand is packed in slivers (row stride 0), or read where it is stored (see <see cref="ReadsAInPlace(GemmKernelKind, bool, bool, int, int, int, int)"/>
    /// and <see cref="ReadsBInPlace(bool, bool, int, int, int, int)"/>): A stored [k, m] with its steps
    /// <paramref name="aRowStride"/> floats apart, B stored [k, n] with its steps <paramref name="bRowStride"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void TileBlock(GemmKernelKind kind, float* a, int aRowStride, float* b, int bRowStride, int mc, int nc, int kc,
        float* c, int n, bool overwrite, float* edge)
    {
        var (tileRows, tileColumns) = Tiles(kind);
        var kernel = KernelFor(kind);
        int aStep = aRowStride == 0 ? tileRows : aRowStride;
        int bStep = bRowStride == 0 ? tileColumns : bRowStride;
        for (int jr = 0; jr < nc; jr += tileColumns)
        {
            int width = Math.Min(tileColumns, nc - jr);
            float* bSliver = bRowStride == 0 ? b + (nint)jr * kc : b + jr;
            for (int ir = 0; ir < mc; ir += tileRows)
            {
                int height = Math.Min(tileRows, mc - ir);
                float* aSliver = aRowStride == 0 ? a + (nint)ir * kc : a + ir;
                float* cTile = c + (nint)ir * n + jr;
                if (height == tileRows && width == tileColumns)
                {
                    kernel(aSliver, aStep, bSliver, bStep, kc, cTile, n, overwrite);
                }
                else if (kind == GemmKernelKind.Vector512)
                {
                    Vector512EdgeTile(aSliver, aStep, bSliver, bStep, kc, cTile, n, height, width, overwrite, edge);
                }
                else
                {
                    // Edge tile: compute the full (zero-padded) tile aside, then write the part inside C.
                    kernel(aSliver, aStep, bSliver, bStep, kc, edge, tileColumns, true);
                    StoreEdge(edge, tileColumns, cTile, n, height, width, overwrite);
                }
            }
        }
    }

    /// <summary>
    /// A partial Vector512 tile (fewer rows or columns than the full tile): covered by the narrower kernels
    /// (full/8/4/2/1 rows, 32 or 16 columns), so little work is wasted on padding. Columns beyond
    /// <paramref name="width"/> go through <paramref name="scratch"/>.
    /// </summary>
    private static unsafe void Vector512EdgeTile(float* a, int aStep, float* b, int bStep, int kc, float* c, int ldc, int height, int width, bool overwrite, float* scratch)
    {
        bool twoVectors = width > 16;
        bool exactWidth = width == (twoVectors ? 32 : 16);
        for (int r = 0; r < height;)
        {
            int left = height - r;
            int rows = left >= GemmKernels.Vector512Rows ? GemmKernels.Vector512Rows : left >= 8 ? 8 : left >= 4 ? 4 : left >= 2 ? 2 : 1;
            var kernel = Vector512EdgeKernel(rows, twoVectors);
            if (exactWidth)
            {
                kernel(a + r, aStep, b, bStep, kc, c + (nint)r * ldc, ldc, overwrite);
            }
            else
            {
                kernel(a + r, aStep, b, bStep, kc, scratch, GemmKernels.Vector512Columns, true);
                StoreEdge(scratch, GemmKernels.Vector512Columns, c + (nint)r * ldc, ldc, rows, width, overwrite);
            }
            r += rows;
        }
    }

    private static unsafe delegate*<float*, int, float*, int, int, float*, int, bool, void> Vector512EdgeKernel(int rows, bool twoVectors) => (rows, twoVectors) switch
    {
        (GemmKernels.Vector512Rows, true) => &GemmKernels.Vector512Tile,
        (GemmKernels.Vector512Rows, false) => &GemmKernels.Vector512Tile14x16,
        (8, true) => &GemmKernels.Vector512Tile8x32,
        (8, false) => &GemmKernels.Vector512Tile8x16,
        (4, true) => &GemmKernels.Vector512Tile4x32,
        (4, false) => &GemmKernels.Vector512Tile4x16,
        (2, true) => &GemmKernels.Vector512Tile2x32,
        (2, false) => &GemmKernels.Vector512Tile2x16,
        (_, true) => &GemmKernels.Vector512Tile1x32,
        (_, false) => &GemmKernels.Vector512Tile1x16,
    };

    /// <summary>
    /// Steps of k per packed block: k cut into the fewest blocks of at most <see cref="MaxBlockK"/>, all of this
    /// length but the last, which is shorter by fewer steps than there are blocks: 784 → 392 + 392 rather than 512 + 272, 1100 →
    /// 367 + 367 + 366. It depends on k alone, so every element of C sums its blocks in the same order whatever the
    /// partition.
    /// </summary>
    internal static int BlockSteps(int k)
    {
        int blocks = Math.Max(1, (k + MaxBlockK - 1) / MaxBlockK);
        return (k + blocks - 1) / blocks;
    }

    internal static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// Writes the top-left height×width corner of a tile computed aside into C (C = tile, or C += tile). With AVX-512
    /// it reads the tile back in whole vectors (a scalar read of a just-stored vector stalls store forwarding) and
    /// writes C with masked stores.
    /// </summary>
    private static unsafe void StoreEdge(float* tile, int tileColumns, float* c, int ldc, int height, int width, bool overwrite)
    {
        if (Avx512F.IsSupported && tileColumns % 16 == 0)
        {
            for (int r = 0; r < height; r++)
            {
                float* from = tile + r * tileColumns, to = c + (nint)r * ldc;
                for (int j = 0; j < width; j += 16)
                {
                    var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(width - j)).AsSingle();
                    var value = Vector512.Load(from + j);
                    if (!overwrite) value = Avx512F.MaskLoad(to + j, mask, Vector512<float>.Zero) + value;
                    Avx512F.MaskStore(to + j, mask, value);
                }
            }
            return;
        }
        for (int r = 0; r < height; r++)
        {
            float* from = tile + r * tileColumns, to = c + (nint)r * ldc;
            if (overwrite)
            {
                for (int j = 0; j < width; j++) to[j] = from[j];
            }
            else
            {
                for (int j = 0; j < width; j++) to[j] += from[j];
            }
        }
    }

    /// <summary>sums[j] += row[j] where gate[j] &gt; 0 (the sum of one row of a ReLU-gated gradient).</summary>
    internal static void AddGated(Span<float> sums, ReadOnlySpan<float> row, ReadOnlySpan<float> gate)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= row.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var positive = Vector256.GreaterThan(Vector256.Create(gate.Slice(j)), Vector256<float>.Zero);
                (Vector256.Create(sums.Slice(j)) + Vector256.ConditionalSelect(positive, Vector256.Create(row.Slice(j)), Vector256<float>.Zero)).CopyTo(sums.Slice(j));
            }
        }
        for (; j < row.Length; j++) sums[j] += gate[j] > 0 ? row[j] : 0f;
    }

    /// <summary>
    /// C[rows, columns] += bias[columns] on every row (when there is a bias), then C = max(0, C) (when
    /// <paramref name="relu"/>), row by row over a block that is still in cache. The bias is added once, after the
    /// first k block: x + b = b + x exactly, so the sums match bias-first accumulation.
    /// </summary>
    /// <remarks>c is the block's first element, its rows ldc floats apart; bias holds the block's columns' biases.</remarks>
    private static unsafe void ApplyEpilogue(float* c, int ldc, int rows, int columns, ReadOnlySpan<float> bias, bool relu)
    {
        if (bias.IsEmpty && !relu) return;
        for (int r = 0; r < rows; r++)
        {
            var row = new Span<float>(c + (nint)r * ldc, columns);
            if (!bias.IsEmpty) TensorPrimitives.Add(row, bias, row);
            if (relu) ReluNode.Rectify(row, row);
        }
    }

    private static unsafe void ApplyEpilogue(Span<float> c, int n, int rows, ReadOnlySpan<float> bias, bool relu)
    {
        fixed (float* pc = c) ApplyEpilogue(pc, n, rows, n, bias, relu);
    }

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

/// <summary>Which operand of a product a <see cref="GemmGate"/> applies to.</summary>
internal enum GatedOperand
{
    A,
    B,
}

/// <summary>
/// A ReLU gate on one operand of a product: the operand's value counts where the gate's value at the same place is
/// &gt; 0 and is 0 elsewhere, as if the operand were dy ⊙ [y &gt; 0]. Applied while the operand is packed, so the
/// gated gradient is never written out. Empty values: no gate.
/// </summary>
internal readonly ref struct GemmGate(ReadOnlySpan<float> values, GatedOperand operand)
{
    public ReadOnlySpan<float> Values { get; } = values;

    public GatedOperand Operand { get; } = operand;
}
