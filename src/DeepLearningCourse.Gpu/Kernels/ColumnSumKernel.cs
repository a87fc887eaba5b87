using ILGPU;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Sums over rows: x [rows, cols] → sums [cols] (the bias gradient db = Σₙ dyₙ). One thread per column adds its
/// column top to bottom: neighbouring threads read neighbouring addresses, and the fixed order is reproducible.
/// </summary>
public static class ColumnSumKernel
{
    public static void Kernel(Index1D column, ArrayView<float> x, ArrayView<float> sums, int rows, int columns)
    {
        float sum = 0;
        for (int row = 0; row < rows; row++) sum += x[row * columns + column];
        sums[column] = sum;
    }
}
