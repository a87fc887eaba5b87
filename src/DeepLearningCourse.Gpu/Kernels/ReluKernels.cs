using ILGPU;

namespace DeepLearningCourse.Engine;

/// <summary>ReLU and its backward pass, one thread per element: y = max(x, 0); dx = dy where x &gt; 0, else 0.</summary>
public static class ReluKernels
{
    /// <summary>y = max(x, 0).</summary>
    public static void Forward(Index1D index, ArrayView<float> x, ArrayView<float> y)
    {
        y[index] = x[index] > 0 ? x[index] : 0f;
    }

    /// <summary>dx = dy · [x &gt; 0] (the derivative at 0 is taken as 0, as in the engine's ReluNode).</summary>
    public static void Backward(Index1D index, ArrayView<float> x, ArrayView<float> gradOutput, ArrayView<float> gradInput)
    {
        gradInput[index] = x[index] > 0 ? gradOutput[index] : 0f;
    }
}
