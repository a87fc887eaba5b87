using ILGPU;

namespace DeepLearningCourse.Engine;

/// <summary>Adds a bias row to every row, in place: x [rows, cols] += b [cols] (broadcast over rows).</summary>
public static class BiasAddKernel
{
    /// <summary>One thread per element of x.</summary>
    public static void Kernel(Index1D index, ArrayView<float> x, ArrayView<float> bias, int columns)
    {
        x[index] += bias[index % columns];
    }
}
