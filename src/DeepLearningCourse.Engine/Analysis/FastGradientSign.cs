namespace DeepLearningCourse.Engine;

/// <summary>
/// Adversarial examples by the fast gradient sign method (Goodfellow, Shlens &amp; Szegedy, 2015): move every input
/// value by ±ε in the direction that increases the loss,
/// <code>x_adv = clip(x + ε · sign(∇ₓ L(model(x), y)), min, max).</code>
/// The change is at most ε in every pixel (an L∞ ball), yet for a model that is close to linear in its input the
/// score moves by about ε‖w‖₁, which grows with the number of inputs: many tiny changes all pushing the same way.
/// </summary>
/// <remarks>
/// Inputs are any shape [N, ...] the model accepts; gradients are taken of the mean loss, whose sign per input value
/// equals that of its own example's loss (examples do not interact, so run models with batch norm or dropout in
/// <see cref="Module.Eval"/> mode). The model's parameters and their gradients are not changed.
/// </remarks>
public static class FastGradientSign
{
    /// <summary>
    /// ∇ₓ of the mean loss <paramref name="lossFunction"/>(model(x), y), shaped like x. Only the input is differentiated:
    /// the parameters are frozen for the call, so their gradients are neither computed nor changed.
    /// </summary>
    public static Tensor InputGradient(Module model, Func<Tensor, Tensor, Tensor> lossFunction, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lossFunction);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!GradMode.IsEnabled)
            throw new InvalidOperationException("FastGradientSign.InputGradient: gradients are disabled here (inside GradMode.Disable()); the attack needs the gradient of the loss with respect to the input, so call it outside that block.");
        var parameters = model.Parameters().Where(p => p.RequiresGrad).ToList();
        var input = x.Detach().WithGrad();
        try
        {
            foreach (var p in parameters) p.RequiresGrad = false;
            Tensor loss = lossFunction(model.Forward(input), y);
            if (loss.Size != 1)
                throw new ShapeException($"FastGradientSign: the loss has shape {Tensor.ShapeText(loss.Shape)}; it must be a scalar (a mean over the batch), e.g. Loss.SoftmaxCrossEntropy.");
            loss.Backward();
            return input.Grad ?? Tensor.Zeros(x.Shape);
        }
        finally
        {
            foreach (var p in parameters) p.RequiresGrad = true;
        }
    }

    /// <summary>
    /// clip(x + ε · sign(direction), min, max), element by element; sign(0) = 0. <paramref name="direction"/> must have
    /// x's shape: the input gradient for the attack, or random normal noise for the control experiment (a step of the
    /// same size in a random sign pattern).
    /// </summary>
    public static Tensor Step(Tensor x, Tensor direction, float epsilon, float min = 0f, float max = 1f)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(direction);
        if (!x.SameShape(direction))
            throw new ShapeException($"FastGradientSign.Step: x has shape {Tensor.ShapeText(x.Shape)} but the direction has {Tensor.ShapeText(direction.Shape)}; pass a direction with one value per input value (e.g. the input gradient).");
        if (!(epsilon >= 0) || !float.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "FastGradientSign.Step: ε must be a finite number ≥ 0 (the largest change of any input value).");
        if (!(min <= max))
            throw new ArgumentException($"FastGradientSign.Step: the valid input range [{min}, {max}] is empty; min must be ≤ max (images loaded by FashionMnist.Load are in [0, 1]).");
        var result = new float[x.Size];
        float[] xs = x.Data, d = direction.Data;
        for (int i = 0; i < result.Length; i++)
        {
            float sign = d[i] > 0 ? 1f : d[i] < 0 ? -1f : 0f;
            result[i] = Math.Clamp(xs[i] + epsilon * sign, min, max);
        }
        return new Tensor(result, x.Shape);
    }

    /// <summary>The adversarial inputs: <see cref="Step"/> along <see cref="InputGradient"/>.</summary>
    public static Tensor Perturb(Module model, Func<Tensor, Tensor, Tensor> lossFunction, Tensor x, Tensor y, float epsilon,
        float min = 0f, float max = 1f) =>
        Step(x, InputGradient(model, lossFunction, x, y), epsilon, min, max);
}
