using System.Runtime.InteropServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// A right-hand operand op(B) [k, n] packed once for many products C = A · op(B) with different A, e.g. a recurrent
/// weight used at every time step (<c>Gemm.Multiply</c> would re-pack it on every call). The columns are
/// packed as <em>segments</em>, column ranges of op(B) each padded to whole tiles on its own, so a caller can compute
/// any set of segments on one thread: an LSTM packs, for each part of the hidden units, that part's columns of the
/// four gates, and each core computes its own part of every step. Native, 64-byte aligned memory; Dispose frees it.
/// </summary>
internal sealed unsafe class PackedColumns : IDisposable
{
    private readonly (int Start, int Length)[] _segments;
    private readonly nint[] _segmentOffsets;
    private float* _data;

    /// <summary>
    /// Packs the given column segments of op(B) [k, n]; B is stored [k, n], or [n, k] when
    /// <paramref name="transposed"/>.
    /// </summary>
    public PackedColumns(ReadOnlySpan<float> b, int k, int n, bool transposed, IReadOnlyList<(int Start, int Length)> segments)
        : this(Gemm.s_bestKernel, b, k, n, transposed, segments)
    {
    }

    /// <summary>Packs for an explicit kernel (tests compare kernels).</summary>
    internal PackedColumns(GemmKernelKind kernel, ReadOnlySpan<float> b, int k, int n, bool transposed, IReadOnlyList<(int Start, int Length)> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (k <= 0 || n <= 0 || b.Length < (long)k * n)
            throw new ArgumentException($"PackedColumns: B has {b.Length} values but op(B) is [{k}, {n}] (k and n must be positive).");
        Kernel = kernel;
        K = k;
        int tileColumns = Gemm.Tiles(kernel).Columns;
        _segments = [.. segments];
        _segmentOffsets = new nint[_segments.Length];
        nint total = 0;
        for (int s = 0; s < _segments.Length; s++)
        {
            var (start, length) = _segments[s];
            if (start < 0 || length <= 0 || start + length > n)
                throw new ArgumentException($"PackedColumns: segment {s} is columns [{start}, {start + length}) but op(B) has {n} columns.");
            _segmentOffsets[s] = total;
            total += (nint)k * Gemm.RoundUp(length, tileColumns);
        }
        _data = (float*)NativeMemory.AlignedAlloc((nuint)(total + 16) * sizeof(float), 64);
        fixed (float* pb = b)
        {
            for (int s = 0; s < _segments.Length; s++)
            {
                var (start, length) = _segments[s];
                int padded = Gemm.RoundUp(length, tileColumns);
                for (int pc = 0; pc < k; pc += Gemm.BlockK)
                {
                    int kc = Math.Min(Gemm.BlockK, k - pc);
                    GemmPacking.PackB(pb, transposed, n, k, start, length, pc, kc, tileColumns, Block(s, pc, padded));
                }
            }
        }
    }

    /// <summary>The micro-kernel the slivers are laid out for.</summary>
    public GemmKernelKind Kernel { get; }

    /// <summary>Rows of op(B), the inner dimension of every product.</summary>
    public int K { get; }

    /// <summary>Number of segments.</summary>
    public int SegmentCount => _segments.Length;

    /// <summary>Segment s: its first column in op(B) (and in C) and its number of columns.</summary>
    public (int Start, int Length) Segment(int s) => _segments[s];

    /// <summary>
    /// For segments [first, first + count): C[:, segment columns] = A · op(B)[:, segment columns], or += with
    /// <paramref name="accumulate"/>, on the calling thread. A is [m, K] row-major; C has row stride
    /// <paramref name="ldc"/> and the segment's columns at their op(B) positions. Each element gets the same sum, in the
    /// same order, as <c>Gemm.Multiply</c> computes for it.
    /// </summary>
    public void Multiply(ReadOnlySpan<float> a, int m, Span<float> c, int ldc, int first, int count, bool accumulate)
    {
        if (first < 0 || count < 0 || first + count > _segments.Length)
            throw new ArgumentOutOfRangeException(nameof(count), $"PackedColumns.Multiply: segments [{first}, {first + count}) but there are {_segments.Length}.");
        int lastColumn = 0;
        for (int s = first; s < first + count; s++) lastColumn = Math.Max(lastColumn, _segments[s].Start + _segments[s].Length);
        if (m < 0 || a.Length < (long)m * K || (m > 0 && c.Length < (long)(m - 1) * ldc + lastColumn))
            throw new ArgumentException($"PackedColumns.Multiply: A has {a.Length} values (needs [{m}, {K}]) and C {c.Length} (needs {m} rows of stride {ldc} reaching column {lastColumn}).");
        if (m == 0 || count == 0) return;
        var (tileRows, tileColumns) = Gemm.Tiles(Kernel);
        int blockRows = tileRows * Math.Max(1, 144 / tileRows);
        int blockK = Math.Min(Gemm.BlockK, K);
        var workspace = GemmWorkspace.ForCurrentThread(Math.Min(blockRows, Gemm.RoundUp(m, tileRows)) * blockK, 0);
        float* packedA = workspace.PackedA;
        float* edge = stackalloc float[tileRows * tileColumns];
        fixed (float* pa = a, pc0 = c)
        {
            for (int pc = 0; pc < K; pc += blockK)
            {
                int kc = Math.Min(blockK, K - pc);
                bool overwrite = pc == 0 && !accumulate;
                for (int ic = 0; ic < m; ic += blockRows)
                {
                    int mc = Math.Min(blockRows, m - ic);
                    GemmPacking.PackA(pa, false, m, K, ic, mc, pc, kc, tileRows, packedA);
                    for (int s = first; s < first + count; s++)
                    {
                        var (start, length) = _segments[s];
                        float* block = Block(s, pc, Gemm.RoundUp(length, tileColumns));
                        Gemm.TileBlock(Kernel, packedA, block, mc, length, kc, pc0 + (nint)ic * ldc + start, ldc, overwrite, edge);
                    }
                }
            }
        }
    }

    /// <summary>Where the k block starting at step <paramref name="pc"/> of segment <paramref name="s"/> begins.</summary>
    private float* Block(int s, int pc, int paddedLength) => Data + _segmentOffsets[s] + (nint)pc * paddedLength;

    private float* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(PackedColumns));

    public void Dispose()
    {
        NativeMemory.AlignedFree(_data);
        _data = null;
        GC.SuppressFinalize(this);
    }

    ~PackedColumns() => NativeMemory.AlignedFree(_data);
}
