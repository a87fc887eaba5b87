using ILGPU;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Rung 3 of the SGEMM ladder: register blocking. A group of 16×16 threads computes a 64×64 block of C; each thread
/// computes a 4×4 sub-block held in registers, from 64×16 tiles of A and 16×64 tiles of B in shared memory.
/// </summary>
/// <remarks>
/// Why it is faster than rung 2: in the inner loop a thread reads 4 values of A and 4 of B from shared memory and
/// does 4 × 4 = 16 multiply-adds with them (they stay in registers), instead of 2 reads per multiply-add. Each value
/// loaded from global memory is reused 64 times. Steps per K tile:
/// (1) the 256 threads cooperatively load the 64×16 A tile and the 16×64 B tile (4 values each; zero outside the
///     matrix, so any M, N, K work);
/// (2) barrier;
/// (3) for each of the 16 inner positions p: load a column fragment of A (4 values) and a row fragment of B (4 values)
///     into registers, then update the 4×4 accumulators with their outer product;
/// (4) barrier before the next tile overwrites shared memory.
/// Thread (tx, ty) owns rows ty, ty+16, ty+32, ty+48 and columns tx, tx+16, tx+32, tx+48 of the block: strided, so
/// neighbouring threads read neighbouring shared-memory words (no bank conflicts) and write neighbouring columns of C.
/// What cuBLAS adds on top: larger blocks (128×128, 8×8 per thread), vectorized 128-bit loads, double-buffered
/// shared memory so loading tile t+1 overlaps computing tile t, and hand-tuned instruction scheduling.
/// </remarks>
public static class RegisterBlockedSgemmKernel
{
    /// <summary>Threads per group along each axis.</summary>
    public const int Threads = 16;

    /// <summary>Each thread computes ThreadTile × ThreadTile outputs (written out as 16 variables below, so changing
    /// this constant means rewriting the kernel body).</summary>
    public const int ThreadTile = 4;

    /// <summary>A group computes a Block × Block block of C.</summary>
    public const int Block = Threads * ThreadTile;

    /// <summary>Depth of the A and B tiles along K.</summary>
    public const int Depth = 16;

    /// <summary>Launch over ⌈N/64⌉ × ⌈M/64⌉ groups of 16×16 threads: X indexes columns, Y rows.</summary>
    /// <remarks>
    /// The 16 accumulators and the two 4-value fragments are plain local variables, not an array: a GPU keeps scalars
    /// in registers, while a local array indexed in a loop may be placed in (slow, off-chip) local memory.
    /// </remarks>
    public static void Kernel(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmShape shape)
    {
        var tileA = SharedMemory.Allocate<float>(Block * Depth);   // [Block rows, Depth]
        var tileB = SharedMemory.Allocate<float>(Depth * Block);   // [Depth, Block columns]

        int tx = Group.IdxX, ty = Group.IdxY;
        int thread = ty * Threads + tx;
        int blockRow = Grid.IdxY * Block, blockCol = Grid.IdxX * Block;

        // c_ij accumulates C[blockRow + ty + 16i, blockCol + tx + 16j].
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;

        for (int tileStart = 0; tileStart < shape.K; tileStart += Depth)
        {
            // (1) Cooperative load: 256 threads × 4 values = 1024 = 64 × 16 values per tile.
            for (int load = thread; load < Block * Depth; load += Threads * Threads)
            {
                int aRow = load / Depth, aInner = load % Depth;
                int row = blockRow + aRow, inner = tileStart + aInner;
                tileA[load] = row < shape.M && inner < shape.K ? a[shape.AIndex(row, inner)] : 0f;

                int bInner = load / Block, bCol = load % Block;
                int innerB = tileStart + bInner, col = blockCol + bCol;
                tileB[load] = innerB < shape.K && col < shape.N ? b[shape.BIndex(innerB, col)] : 0f;
            }
            Group.Barrier();

            // (3) For each inner position p: a column fragment of A and a row fragment of B into registers, then
            // their 4×4 outer product into the accumulators (8 shared-memory reads for 16 multiply-adds).
            for (int p = 0; p < Depth; p++)
            {
                float a0 = tileA[(ty + 0 * Threads) * Depth + p];
                float a1 = tileA[(ty + 1 * Threads) * Depth + p];
                float a2 = tileA[(ty + 2 * Threads) * Depth + p];
                float a3 = tileA[(ty + 3 * Threads) * Depth + p];
                float b0 = tileB[p * Block + tx + 0 * Threads];
                float b1 = tileB[p * Block + tx + 1 * Threads];
                float b2 = tileB[p * Block + tx + 2 * Threads];
                float b3 = tileB[p * Block + tx + 3 * Threads];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            Group.Barrier();
        }

        int row0 = blockRow + ty, col0 = blockCol + tx;
        Store(c, shape, row0 + 0 * Threads, col0, c00, c01, c02, c03);
        Store(c, shape, row0 + 1 * Threads, col0, c10, c11, c12, c13);
        Store(c, shape, row0 + 2 * Threads, col0, c20, c21, c22, c23);
        Store(c, shape, row0 + 3 * Threads, col0, c30, c31, c32, c33);
    }

    /// <summary>Writes (or adds) one thread's four outputs of a row, at columns col, col+16, col+32, col+48, skipping
    /// those outside C.</summary>
    private static void Store(ArrayView<float> c, GemmShape shape, int row, int col, float v0, float v1, float v2, float v3)
    {
        if (row >= shape.M) return;
        StoreOne(c, shape, row, col + 0 * Threads, v0);
        StoreOne(c, shape, row, col + 1 * Threads, v1);
        StoreOne(c, shape, row, col + 2 * Threads, v2);
        StoreOne(c, shape, row, col + 3 * Threads, v3);
    }

    private static void StoreOne(ArrayView<float> c, GemmShape shape, int row, int col, float value)
    {
        if (col >= shape.N) return;
        int at = row * shape.N + col;
        c[at] = shape.Accumulate != 0 ? c[at] + value : value;
    }
}
