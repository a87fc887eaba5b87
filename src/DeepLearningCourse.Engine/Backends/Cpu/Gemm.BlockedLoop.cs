using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearningCourse.Engine;

// The blocked, packed loop nest on one thread: k blocks, packing, tiles, edge tiles and the bias/ReLU epilogue.
public static partial class Gemm
{
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
        long cValues = (long)job.M * job.N;
        int blockK = BlockSteps(job.K, cValues);
        int blockRows = ABlockRows(blockK, cValues, tileRows);
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
                for (int ic = rowStart, mc; ic < rowEnd; ic += mc)
                {
                    mc = BlockRows(rowEnd - ic, blockRows, tileRows);
                    int tail = EightRowTail(job.Kernel, mc);
                    bool inPlaceA = ReadsAInPlace(job, kc, mc, tileRows);
                    if (!inPlaceA) GemmPacking.PackABlock(a, job.TransposeA, job.M, job.K, ic, mc, tail, pc, kc, tileRows, packedA, gateA);
                    float* blockA = inPlaceA ? a + (nint)pc * job.M + ic : packedA;
                    float* block = c + (nint)ic * ldc + jc;
                    TileBlock(job.Kernel, blockA, inPlaceA ? job.M : 0, blockB, inPlaceB ? n : 0, mc, nc, kc, block, ldc, overwrite, edge, tail);
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
    /// C[0..mc, 0..nc) = (or +=) A block (mc rows, kc steps) · B block (kc steps, nc columns), tile by tile: the
    /// innermost two loops of the blocked product. <paramref name="edge"/> holds one tile (partial tiles).
    /// Each operand is packed in slivers (row stride 0), or read where it is stored (see <see cref="ReadsAInPlace(GemmKernelKind, bool, bool, int, int, int, int)"/>
    /// and <see cref="ReadsBInPlace(bool, bool, int, int, int, int)"/>): A stored [k, m] with its steps
    /// <paramref name="aRowStride"/> floats apart, B stored [k, n] with its steps <paramref name="bRowStride"/> apart.
    /// Rows from <paramref name="tail"/> on are taken 8 at a time (see <see cref="EightRowTail"/>); packed A holds them
    /// in 8-row slivers there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void TileBlock(GemmKernelKind kind, float* a, int aRowStride, float* b, int bRowStride, int mc, int nc, int kc,
        float* c, int n, bool overwrite, float* edge, int tail)
    {
        var (tileRows, tileColumns) = Tiles(kind);
        var kernel = KernelFor(kind);
        int bStep = bRowStride == 0 ? tileColumns : bRowStride;
        for (int jr = 0; jr < nc; jr += tileColumns)
        {
            int width = Math.Min(tileColumns, nc - jr);
            float* bSliver = bRowStride == 0 ? b + (nint)jr * kc : b + jr;
            for (int ir = 0, sliverRows; ir < mc; ir += sliverRows)
            {
                sliverRows = ir < tail ? tileRows : TailRows;
                int height = Math.Min(sliverRows, mc - ir);
                int aStep = aRowStride == 0 ? sliverRows : aRowStride;
                // A packed sliver of r rows spans r·kc floats, so sliver ir starts at ir·kc for either height.
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

    /// <summary>Rows per A sliver in a block's tail (see <see cref="EightRowTail"/>).</summary>
    internal const int TailRows = 8;

    /// <summary>Tests set this to cut every A block into full tiles and edge tiles only, to compare with the 8-row tail.</summary>
    internal static bool NoEightRowTail { get; set; }

    /// <summary>
    /// Where the last rows of an A block of <paramref name="mc"/> rows start being taken 8 at a time, or mc for none.
    /// On the Vector512 kernels a 2-row (or 1-row) edge tile is bound by the FMA latency, not its throughput: it took
    /// 7.4 µs for the last 2 of 128 rows of the first layer's x·W (n = 256, k = 392), where 2 rows of full tiles take
    /// 1.8. So when the rows past the full tiles would need a 2-row kernel (mc mod 14 is 2, 3, 6, 7, 10 or 11), the last
    /// full tile and that rest are taken as 8-row tiles instead: 128 rows as 8 tiles of 14 and 2 of 8, not 9 of 14
    /// and one of 2. Each element gets the same FMA sequence on every kernel, so the bits do not change.
    /// </summary>
    internal static int EightRowTail(GemmKernelKind kind, int mc)
    {
        int rest = mc % GemmKernels.Vector512Rows;
        return kind == GemmKernelKind.Vector512 && !NoEightRowTail && rest % 4 >= 2 && mc > GemmKernels.Vector512Rows
            ? mc - GemmKernels.Vector512Rows - rest
            : mc;
    }

    /// <summary>
    /// Rows of the next A block when <paramref name="left"/> rows remain: at most <paramref name="blockRows"/>, but never
    /// leaving fewer than a tile's worth for the last block (126 + 2 rows become 112 + 16), so its rest can use the
    /// 8-row tail.
    /// </summary>
    internal static int BlockRows(int left, int blockRows, int tileRows)
    {
        int rows = Math.Min(blockRows, left);
        return left - rows is > 0 and var after && after < tileRows && rows > tileRows ? rows - tileRows : rows;
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
    /// 367 + 367 + 366. It depends on k (and, in the overload, on the size of the whole C) alone, so every element of C
    /// sums its blocks in the same order whatever the partition.
    /// </summary>
    internal static int BlockSteps(int k) => BlockSteps(k, 0);

    /// <summary>
    /// <see cref="BlockSteps(int)"/> for a product whose C has <paramref name="cValues"/> values (m·n of the whole
    /// product, not of a part): blocks of up to <see cref="LargeMaxBlockK"/> steps from <see cref="LargeCValues"/> on.
    /// </summary>
    internal static int BlockSteps(int k, long cValues)
    {
        int most = cValues >= LargeCValues ? LargeMaxBlockK : MaxBlockK;
        int blocks = Math.Max(1, (k + most - 1) / most);
        return (k + blocks - 1) / blocks;
    }

    /// <summary>
    /// Rows per packed A block for k blocks of <paramref name="blockK"/> steps: as many whole tile rows as fit in
    /// <see cref="BlockAFloats"/> (<see cref="LargeBlockAFloats"/> for a C of at least <see cref="LargeCValues"/> values), at least one.
    /// </summary>
    internal static int ABlockRows(int blockK, long cValues, int tileRows) =>
        tileRows * Math.Max(1, (cValues >= LargeCValues ? LargeBlockAFloats : BlockAFloats) / (tileRows * blockK));

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
}
