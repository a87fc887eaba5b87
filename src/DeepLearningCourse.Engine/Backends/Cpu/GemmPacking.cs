using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Copies blocks of A and B into the order the micro-kernels read them (see <see cref="GemmKernels"/>), so the
/// kernels stream through contiguous memory whatever the stored layout. Transposition is handled here only.
/// Slivers narrower than the tile are padded with zeros, so the kernels always compute full tiles.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows [row0, row0 + rows) and steps [p0, p0 + kc) of op(A) [m, k] into slivers of
    /// <paramref name="tileRows"/> rows: sliver s holds, for each step p, the tileRows values A[s·tileRows + r, p].
    /// A is stored [m, k], or [k, m] when <paramref name="transposed"/>. With a <paramref name="gate"/> (A stored
    /// [m, k] only; same layout as A) each value is packed where the gate's value is &gt; 0 and 0 elsewhere: the ReLU
    /// gradient dy ⊙ [y &gt; 0] without a pass that writes it out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, bool transposed, int m, int k, int row0, int rows, int p0, int kc, int tileRows, float* packed, float* gate = null)
    {
        if (gate != null && transposed) throw new ArgumentException("GemmPacking.PackA: a gate needs A stored [m, k].");
        for (int s = 0; s < rows; s += tileRows)
        {
            int height = Math.Min(tileRows, rows - s);
            float* sliver = packed + (nint)s * kc;
            if (height < tileRows) new Span<float>(sliver, kc * tileRows).Clear();
            if (transposed)
            {
                // A(i, p) = a[p·m + i]: each step's rows are contiguous. One 16-float vector per step when it stays
                // inside the stored row (its spill past tileRows is overwritten by the next step).
                float* source = a + (nint)p0 * m + row0 + s;
                bool vector = Vector512.IsHardwareAccelerated && height == tileRows && tileRows <= 16 && row0 + s + 16 <= m;
                for (int p = 0; p < kc; p++)
                {
                    float* from = source + (nint)p * m;
                    float* to = sliver + p * tileRows;
                    if (vector) Vector512.Store(Vector512.Load(from), to);
                    else for (int r = 0; r < height; r++) to[r] = from[r];
                }
            }
            else
            {
                // A(i, p) = a[i·k + p]: transpose 16×16 blocks in registers, then the remaining steps one by one.
                nint offset = (nint)(row0 + s) * k + p0;
                float* rowsStart = a + offset;
                float* gateStart = gate == null ? null : gate + offset;
                int vectorSteps = Avx512F.IsSupported && tileRows <= 16 ? kc / 16 * 16 : 0;
                for (int p = 0; p < vectorSteps; p += 16)
                {
                    Transpose16x16(rowsStart + p, k, height, sliver + p * tileRows, tileRows, gateStart == null ? null : gateStart + p);
                }
                for (int r = 0; r < height; r++)
                {
                    float* from = rowsStart + (nint)r * k;
                    float* to = sliver + r;
                    if (gateStart == null)
                    {
                        for (int p = vectorSteps; p < kc; p++) to[p * tileRows] = from[p];
                    }
                    else
                    {
                        float* open = gateStart + (nint)r * k;
                        for (int p = vectorSteps; p < kc; p++) to[p * tileRows] = open[p] > 0 ? from[p] : 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs an A block for <see cref="Gemm.TileBlock"/>: rows [row0, row0 + tail) in slivers of
    /// <paramref name="tileRows"/> rows, then rows [row0 + tail, row0 + rows) in slivers of <see cref="Gemm.TailRows"/>
    /// (see <see cref="Gemm.EightRowTail"/>); tail is a multiple of tileRows, so the tail's slivers start at tail·kc.
    /// </summary>
    public static void PackABlock(float* a, bool transposed, int m, int k, int row0, int rows, int tail, int p0, int kc, int tileRows, float* packed, float* gate = null)
    {
        PackA(a, transposed, m, k, row0, tail, p0, kc, tileRows, packed, gate);
        if (tail < rows) PackA(a, transposed, m, k, row0 + tail, rows - tail, p0, kc, Gemm.TailRows, packed + (nint)tail * kc, gate);
    }

    /// <summary>
    /// Packs steps [p0, p0 + kc) and columns [col0, col0 + cols) of op(B) [k, n] into slivers of
    /// <paramref name="tileColumns"/> columns: sliver s holds, for each step p, the values B[p, s·tileColumns + j].
    /// B is stored [k, n], or [n, k] when <paramref name="transposed"/>. With a <paramref name="gate"/> (B stored
    /// [k, n] only; same layout as B) each value is packed where the gate's value is &gt; 0 and 0 elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, bool transposed, int n, int k, int col0, int cols, int p0, int kc, int tileColumns, float* packed, float* gate = null)
    {
        if (gate != null && transposed) throw new ArgumentException("GemmPacking.PackB: a gate needs B stored [k, n].");
        for (int s = 0; s < cols; s += tileColumns)
        {
            int width = Math.Min(tileColumns, cols - s);
            float* sliver = packed + (nint)s * kc;
            if (width < tileColumns) new Span<float>(sliver, kc * tileColumns).Clear();
            if (transposed)
            {
                // B(p, j) = b[j·k + p]: transpose 16×16 blocks (16 columns of B at a time), then the remaining steps.
                float* columnsStart = b + (nint)(col0 + s) * k + p0;
                int vectorSteps = Avx512F.IsSupported && tileColumns % 16 == 0 ? kc / 16 * 16 : 0;
                for (int half = 0; half < width && vectorSteps > 0; half += 16)
                {
                    for (int p = 0; p < vectorSteps; p += 16)
                    {
                        Transpose16x16(columnsStart + (nint)half * k + p, k, Math.Min(16, width - half), sliver + p * tileColumns + half, tileColumns);
                    }
                }
                for (int j = 0; j < width; j++)
                {
                    float* from = columnsStart + (nint)j * k;
                    float* to = sliver + j;
                    for (int p = vectorSteps; p < kc; p++) to[p * tileColumns] = from[p];
                }
            }
            else
            {
                // B(p, j) = b[p·n + j]: each step is a contiguous run of the row.
                nint offset = (nint)p0 * n + col0 + s;
                float* source = b + offset;
                if (gate != null)
                {
                    float* gateSource = gate + offset;
                    for (int p = 0; p < kc; p++)
                    {
                        float* from = source + (nint)p * n, open = gateSource + (nint)p * n, to = sliver + p * tileColumns;
                        int j = 0;
                        for (; j <= width - 8; j += 8)
                        {
                            var positive = Vector256.GreaterThan(Vector256.Load(open + j), Vector256<float>.Zero);
                            Vector256.Store(Vector256.ConditionalSelect(positive, Vector256.Load(from + j), Vector256<float>.Zero), to + j);
                        }
                        for (; j < width; j++) to[j] = open[j] > 0 ? from[j] : 0f;
                    }
                }
                else if (width == tileColumns && tileColumns % 16 == 0 && Vector512.IsHardwareAccelerated)
                {
                    // Whole 64-byte vectors: a 512×2048 block packs in 0.29 ms instead of 0.38–0.42 with 32-byte ones.
                    for (int p = 0; p < kc; p++)
                    {
                        float* from = source + (nint)p * n, to = sliver + p * tileColumns;
                        for (int j = 0; j < tileColumns; j += 16) Vector512.Store(Vector512.Load(from + j), to + j);
                    }
                }
                else if (width == tileColumns && tileColumns % 8 == 0)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* from = source + (nint)p * n, to = sliver + p * tileColumns;
                        for (int j = 0; j < tileColumns; j += 8) Vector256.Store(Vector256.Load(from + j), to + j);
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* from = source + (nint)p * n, to = sliver + p * tileColumns;
                        for (int j = 0; j < width; j++) to[j] = from[j];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Transposes a 16×16 block with AVX-512 shuffles: row r (r &lt; <paramref name="rows"/>, 16 floats at
    /// source + r·sourceStride; missing rows read as zeros) becomes column r of the 16 output rows, written as whole
    /// vectors to destination + j·destinationStride in increasing j. With destinationStride &lt; 16 each store spills
    /// zeros (from the missing rows) over the start of the next output row, which a later store overwrites; the
    /// caller leaves 16 floats of slack after the last one. With a <paramref name="gate"/> (same layout as the source)
    /// a value whose gate is not &gt; 0 reads as 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16x16(float* source, nint sourceStride, int rows, float* destination, int destinationStride, float* gate = null)
    {
        var r0 = 0 < rows ? Vector512.Load(source + 0 * sourceStride) : default;
        var r1 = 1 < rows ? Vector512.Load(source + 1 * sourceStride) : default;
        var r2 = 2 < rows ? Vector512.Load(source + 2 * sourceStride) : default;
        var r3 = 3 < rows ? Vector512.Load(source + 3 * sourceStride) : default;
        var r4 = 4 < rows ? Vector512.Load(source + 4 * sourceStride) : default;
        var r5 = 5 < rows ? Vector512.Load(source + 5 * sourceStride) : default;
        var r6 = 6 < rows ? Vector512.Load(source + 6 * sourceStride) : default;
        var r7 = 7 < rows ? Vector512.Load(source + 7 * sourceStride) : default;
        var r8 = 8 < rows ? Vector512.Load(source + 8 * sourceStride) : default;
        var r9 = 9 < rows ? Vector512.Load(source + 9 * sourceStride) : default;
        var r10 = 10 < rows ? Vector512.Load(source + 10 * sourceStride) : default;
        var r11 = 11 < rows ? Vector512.Load(source + 11 * sourceStride) : default;
        var r12 = 12 < rows ? Vector512.Load(source + 12 * sourceStride) : default;
        var r13 = 13 < rows ? Vector512.Load(source + 13 * sourceStride) : default;
        var r14 = 14 < rows ? Vector512.Load(source + 14 * sourceStride) : default;
        var r15 = 15 < rows ? Vector512.Load(source + 15 * sourceStride) : default;
        if (gate != null)
        {
            r0 = 0 < rows ? Gated(r0, gate, 0 * sourceStride) : r0; r1 = 1 < rows ? Gated(r1, gate, 1 * sourceStride) : r1;
            r2 = 2 < rows ? Gated(r2, gate, 2 * sourceStride) : r2; r3 = 3 < rows ? Gated(r3, gate, 3 * sourceStride) : r3;
            r4 = 4 < rows ? Gated(r4, gate, 4 * sourceStride) : r4; r5 = 5 < rows ? Gated(r5, gate, 5 * sourceStride) : r5;
            r6 = 6 < rows ? Gated(r6, gate, 6 * sourceStride) : r6; r7 = 7 < rows ? Gated(r7, gate, 7 * sourceStride) : r7;
            r8 = 8 < rows ? Gated(r8, gate, 8 * sourceStride) : r8; r9 = 9 < rows ? Gated(r9, gate, 9 * sourceStride) : r9;
            r10 = 10 < rows ? Gated(r10, gate, 10 * sourceStride) : r10; r11 = 11 < rows ? Gated(r11, gate, 11 * sourceStride) : r11;
            r12 = 12 < rows ? Gated(r12, gate, 12 * sourceStride) : r12; r13 = 13 < rows ? Gated(r13, gate, 13 * sourceStride) : r13;
            r14 = 14 < rows ? Gated(r14, gate, 14 * sourceStride) : r14; r15 = 15 < rows ? Gated(r15, gate, 15 * sourceStride) : r15;
        }
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9); var t9 = Avx512F.UnpackHigh(r8, r9);
        var t10 = Avx512F.UnpackLow(r10, r11); var t11 = Avx512F.UnpackHigh(r10, r11);
        var t12 = Avx512F.UnpackLow(r12, r13); var t13 = Avx512F.UnpackHigh(r12, r13);
        var t14 = Avx512F.UnpackLow(r14, r15); var t15 = Avx512F.UnpackHigh(r14, r15);
        r0 = Avx512F.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle(); r1 = Avx512F.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle();
        r2 = Avx512F.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle(); r3 = Avx512F.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle();
        r4 = Avx512F.UnpackLow(t4.AsDouble(), t6.AsDouble()).AsSingle(); r5 = Avx512F.UnpackHigh(t4.AsDouble(), t6.AsDouble()).AsSingle();
        r6 = Avx512F.UnpackLow(t5.AsDouble(), t7.AsDouble()).AsSingle(); r7 = Avx512F.UnpackHigh(t5.AsDouble(), t7.AsDouble()).AsSingle();
        r8 = Avx512F.UnpackLow(t8.AsDouble(), t10.AsDouble()).AsSingle(); r9 = Avx512F.UnpackHigh(t8.AsDouble(), t10.AsDouble()).AsSingle();
        r10 = Avx512F.UnpackLow(t9.AsDouble(), t11.AsDouble()).AsSingle(); r11 = Avx512F.UnpackHigh(t9.AsDouble(), t11.AsDouble()).AsSingle();
        r12 = Avx512F.UnpackLow(t12.AsDouble(), t14.AsDouble()).AsSingle(); r13 = Avx512F.UnpackHigh(t12.AsDouble(), t14.AsDouble()).AsSingle();
        r14 = Avx512F.UnpackLow(t13.AsDouble(), t15.AsDouble()).AsSingle(); r15 = Avx512F.UnpackHigh(t13.AsDouble(), t15.AsDouble()).AsSingle();
        t0 = Avx512F.Shuffle4x128(r0, r4, 0x88); t4 = Avx512F.Shuffle4x128(r0, r4, 0xDD);
        t1 = Avx512F.Shuffle4x128(r1, r5, 0x88); t5 = Avx512F.Shuffle4x128(r1, r5, 0xDD);
        t2 = Avx512F.Shuffle4x128(r2, r6, 0x88); t6 = Avx512F.Shuffle4x128(r2, r6, 0xDD);
        t3 = Avx512F.Shuffle4x128(r3, r7, 0x88); t7 = Avx512F.Shuffle4x128(r3, r7, 0xDD);
        t8 = Avx512F.Shuffle4x128(r8, r12, 0x88); t12 = Avx512F.Shuffle4x128(r8, r12, 0xDD);
        t9 = Avx512F.Shuffle4x128(r9, r13, 0x88); t13 = Avx512F.Shuffle4x128(r9, r13, 0xDD);
        t10 = Avx512F.Shuffle4x128(r10, r14, 0x88); t14 = Avx512F.Shuffle4x128(r10, r14, 0xDD);
        t11 = Avx512F.Shuffle4x128(r11, r15, 0x88); t15 = Avx512F.Shuffle4x128(r11, r15, 0xDD);
        r0 = Avx512F.Shuffle4x128(t0, t8, 0x88); r8 = Avx512F.Shuffle4x128(t0, t8, 0xDD);
        r1 = Avx512F.Shuffle4x128(t1, t9, 0x88); r9 = Avx512F.Shuffle4x128(t1, t9, 0xDD);
        r2 = Avx512F.Shuffle4x128(t2, t10, 0x88); r10 = Avx512F.Shuffle4x128(t2, t10, 0xDD);
        r3 = Avx512F.Shuffle4x128(t3, t11, 0x88); r11 = Avx512F.Shuffle4x128(t3, t11, 0xDD);
        r4 = Avx512F.Shuffle4x128(t4, t12, 0x88); r12 = Avx512F.Shuffle4x128(t4, t12, 0xDD);
        r5 = Avx512F.Shuffle4x128(t5, t13, 0x88); r13 = Avx512F.Shuffle4x128(t5, t13, 0xDD);
        r6 = Avx512F.Shuffle4x128(t6, t14, 0x88); r14 = Avx512F.Shuffle4x128(t6, t14, 0xDD);
        r7 = Avx512F.Shuffle4x128(t7, t15, 0x88); r15 = Avx512F.Shuffle4x128(t7, t15, 0xDD);
        r0.Store(destination + 0 * destinationStride);
        r1.Store(destination + 1 * destinationStride);
        r2.Store(destination + 2 * destinationStride);
        r3.Store(destination + 3 * destinationStride);
        r4.Store(destination + 4 * destinationStride);
        r5.Store(destination + 5 * destinationStride);
        r6.Store(destination + 6 * destinationStride);
        r7.Store(destination + 7 * destinationStride);
        r8.Store(destination + 8 * destinationStride);
        r9.Store(destination + 9 * destinationStride);
        r10.Store(destination + 10 * destinationStride);
        r11.Store(destination + 11 * destinationStride);
        r12.Store(destination + 12 * destinationStride);
        r13.Store(destination + 13 * destinationStride);
        r14.Store(destination + 14 * destinationStride);
        r15.Store(destination + 15 * destinationStride);
    }

    /// <summary>The row where the gate row at the same offset is &gt; 0, 0 elsewhere (NaN in the gate reads as closed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Gated(Vector512<float> row, float* gate, nint offset) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.Load(gate + offset), Vector512<float>.Zero), row, Vector512<float>.Zero);
}
