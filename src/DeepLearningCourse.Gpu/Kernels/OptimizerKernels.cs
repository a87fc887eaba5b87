using ILGPU;
using ILGPU.Algorithms;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Parameter updates on the device, one thread per parameter value. Adam follows Kingma &amp; Ba (2015) and PyTorch's
/// torch.optim.Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr · m̂ / (√v̂ + ε) with m̂ = m/(1−β₁ᵗ),
/// v̂ = v/(1−β₂ᵗ).
/// </summary>
public static class OptimizerKernels
{
    /// <summary>Plain SGD: θ ← θ − lr · g.</summary>
    public static void Sgd(Index1D index, ArrayView<float> parameter, ArrayView<float> gradient, float learningRate)
    {
        parameter[index] -= learningRate * gradient[index];
    }

    /// <summary>One Adam step; <paramref name="step"/> carries the hyper-parameters and the bias corrections of step t.</summary>
    public static void Adam(Index1D index, ArrayView<float> parameter, ArrayView<float> gradient,
        ArrayView<float> firstMoment, ArrayView<float> secondMoment, AdamStep step)
    {
        float g = gradient[index];
        float m = step.Beta1 * firstMoment[index] + (1 - step.Beta1) * g;
        float v = step.Beta2 * secondMoment[index] + (1 - step.Beta2) * g * g;
        firstMoment[index] = m;
        secondMoment[index] = v;
        float mHat = m / step.BiasCorrection1;
        float vHat = v / step.BiasCorrection2;
        parameter[index] -= step.LearningRate * mHat / (XMath.Sqrt(vHat) + step.Epsilon);
    }
}

/// <summary>Adam hyper-parameters for one step t, with the bias corrections 1−β₁ᵗ and 1−β₂ᵗ computed on the host.</summary>
public readonly struct AdamStep
{
    public AdamStep(float learningRate, float beta1, float beta2, float epsilon, int t)
    {
        if (t < 1) throw new ArgumentOutOfRangeException(nameof(t), $"Adam: step t is {t}; steps count from 1.");
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        BiasCorrection1 = 1 - MathF.Pow(beta1, t);
        BiasCorrection2 = 1 - MathF.Pow(beta2, t);
    }

    public float LearningRate { get; }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    /// <summary>1 − β₁ᵗ.</summary>
    public float BiasCorrection1 { get; }

    /// <summary>1 − β₂ᵗ.</summary>
    public float BiasCorrection2 { get; }
}
