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

    /// <summary>Each thread computes ThreadTile × ThreadTile outputs.</summary>
    public const int ThreadTile = 4;

    /// <summary>A group computes a Block × Block block of C.</summary>
    public const int Block = Threads * ThreadTile;

    /// <summary>Depth of the A and B tiles along K.</summary>
    public const int Depth = 16;

    /// <summary>Launch over ⌈N/64⌉ × ⌈M/64⌉ groups of 16×16 threads: X indexes columns, Y rows.</summary>
    public static void Kernel(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmShape shape)
    {
        var tileA = SharedMemory.Allocate<float>(Block * Depth);   // [Block rows, Depth]
        var tileB = SharedMemory.Allocate<float>(Depth * Block);   // [Depth, Block columns]
        var accumulators = LocalMemory.Allocate<float>(ThreadTile * ThreadTile);
        var aFragment = LocalMemory.Allocate<float>(ThreadTile);
        var bFragment = LocalMemory.Allocate<float>(ThreadTile);

        int tx = Group.IdxX, ty = Group.IdxY;
        int thread = ty * Threads + tx;
        int blockRow = Grid.IdxY * Block, blockCol = Grid.IdxX * Block;
        for (int i = 0; i < ThreadTile * ThreadTile; i++) accumulators[i] = 0;

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

            // (3) Outer products of register fragments.
            for (int p = 0; p < Depth; p++)
            {
                for (int i = 0; i < ThreadTile; i++) aFragment[i] = tileA[(ty + i * Threads) * Depth + p];
                for (int j = 0; j < ThreadTile; j++) bFragment[j] = tileB[p * Block + tx + j * Threads];
                for (int i = 0; i < ThreadTile; i++)
                {
                    for (int j = 0; j < ThreadTile; j++)
                        accumulators[i * ThreadTile + j] += aFragment[i] * bFragment[j];
                }
            }
            Group.Barrier();
        }

        for (int i = 0; i < ThreadTile; i++)
        {
            int row = blockRow + ty + i * Threads;
            if (row >= shape.M) continue;
            for (int j = 0; j < ThreadTile; j++)
            {
                int col = blockCol + tx + j * Threads;
                if (col >= shape.N) continue;
                int at = row * shape.N + col;
                float value = accumulators[i * ThreadTile + j];
                c[at] = shape.Accumulate != 0 ? c[at] + value : value;
            }
        }
    }
}
