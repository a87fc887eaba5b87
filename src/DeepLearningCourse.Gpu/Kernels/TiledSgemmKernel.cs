using ILGPU;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Rung 2 of the SGEMM ladder: a 16×16 group of threads computes a 16×16 tile of C, staging 16×16 tiles of A and B
/// in shared memory (fast on-chip memory shared by the threads of one group).
/// </summary>
/// <remarks>
/// Steps per tile of the K loop: (1) each thread loads one element of the A tile and one of the B tile (zero when
/// outside the matrix, so sizes need not be multiples of 16); (2) barrier: wait until the whole tile is loaded;
/// (3) each thread multiplies its row of the A tile by its column of the B tile out of shared memory; (4) barrier:
/// wait before the tile is overwritten. Each value loaded from global memory is now used 16 times, so global traffic
/// drops 16×; shared-memory reads (two per multiply-add) become the new limit.
/// The tile loop runs over K (not M: the ILGPU MatrixMultiply sample's bound breaks when M &lt; K).
/// </remarks>
public static class TiledSgemmKernel
{
    /// <summary>Tile edge; a group has Tile × Tile threads.</summary>
    public const int Tile = 16;

    /// <summary>Launch over a grid of ⌈N/16⌉ × ⌈M/16⌉ groups of 16×16 threads: X is the column, Y the row
    /// (X varies fastest, so neighbouring threads touch neighbouring columns: coalesced loads and stores).</summary>
    public static void Kernel(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmShape shape)
    {
        var tileA = SharedMemory.Allocate<float>(Tile * Tile);
        var tileB = SharedMemory.Allocate<float>(Tile * Tile);
        int localCol = Group.IdxX, localRow = Group.IdxY;
        int col = Grid.IdxX * Tile + localCol;
        int row = Grid.IdxY * Tile + localRow;

        float sum = 0;
        for (int tileStart = 0; tileStart < shape.K; tileStart += Tile)
        {
            int aInner = tileStart + localCol;
            int bInner = tileStart + localRow;
            tileA[localRow * Tile + localCol] = row < shape.M && aInner < shape.K ? a[shape.AIndex(row, aInner)] : 0f;
            tileB[localRow * Tile + localCol] = bInner < shape.K && col < shape.N ? b[shape.BIndex(bInner, col)] : 0f;
            Group.Barrier();

            for (int p = 0; p < Tile; p++)
                sum += tileA[localRow * Tile + p] * tileB[p * Tile + localCol];
            Group.Barrier();
        }

        if (row < shape.M && col < shape.N)
        {
            int at = row * shape.N + col;
            c[at] = shape.Accumulate != 0 ? c[at] + sum : sum;
        }
    }
}
