namespace DeepLearningCourse.Engine;

/// <summary>
/// The sharpness of a minimum: λ_max, the largest eigenvalue of the loss Hessian with respect to all of a model's
/// parameters, by power iteration on Hessian-vector products. Along its eigenvector the loss rises like ½ λ_max t²
/// for a step t, faster than in any other direction, and gradient descent with learning rate η is stable there only
/// when η &lt; 2/λ_max.
/// </summary>
/// <remarks>
/// λ_max depends on how the function is parametrized, not only on the function: rescaling the layers of a ReLU
/// network (<see cref="ReluRescaling"/>) changes it while every output stays the same. Compare sharpness only between
/// models with the same architecture and comparable weight scales.
/// </remarks>
public static class Sharpness
{
    /// <summary>
    /// λ_max of the Hessian of the mean loss <paramref name="lossFunction"/>(model(x), y) (x [N, ...], y [N, ...]) with respect
    /// to every parameter, from a random start drawn from <paramref name="random"/>. Each iteration costs two gradients
    /// over the whole of x.
    /// </summary>
    public static PowerIterationResult LargestHessianEigenvalue(Module model, Func<Tensor, Tensor, Tensor> lossFunction, Tensor x, Tensor y,
        Random random, int maxIterations = 40, double relativeTolerance = 1e-3, double step = HessianVectorProduct.DefaultStep)
    {
        var hessian = HessianVectorProduct.ForModel(model, lossFunction, x, y, step);
        return PowerIteration.LargestEigenvalue(hessian.Multiply, hessian.Dimension, random, maxIterations, relativeTolerance);
    }
}
