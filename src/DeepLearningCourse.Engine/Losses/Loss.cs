namespace DeepLearningCourse.Engine;

/// <summary>
/// Loss functions and weight penalties. Each returns a scalar tensor (shape []) that can be backpropagated with
/// <c>loss.Backward()</c>.
/// </summary>
public static class Loss
{
    /// <summary>Mean of (prediction − target)² over all elements; both must have the same shape.</summary>
    public static Tensor MeanSquaredError(Tensor prediction, Tensor target) => new MseLossNode().Apply(prediction, target);

    /// <summary>
    /// Cross-entropy of softmax(logits) against class labels, averaged over rows: logits [N, C], labels [N]
    /// holding class indices 0..C−1 as floats. Pass raw scores (no softmax first): the softmax is fused and stable.
    /// </summary>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, Tensor labels) => new SoftmaxCrossEntropyNode().Apply(logits, labels);

    /// <summary>
    /// Binary cross-entropy of sigmoid(logits) against targets in {0, 1} (or probabilities in [0, 1]), averaged
    /// over all elements; both the same shape. Pass raw scores (no sigmoid first): the sigmoid is fused and stable.
    /// </summary>
    public static Tensor SigmoidBinaryCrossEntropy(Tensor logits, Tensor targets) =>
        new SigmoidBinaryCrossEntropyNode().Apply(logits, targets);

    /// <summary>Σ w² over every value of every tensor (weight decay adds λ times this to the loss).</summary>
    public static Tensor L2Penalty(IEnumerable<Tensor> weights) => SumOver(weights, w => (w * w).Sum());

    /// <summary>Σ |w| over every value of every tensor (pushes weights to exactly zero: sparsity).</summary>
    public static Tensor L1Penalty(IEnumerable<Tensor> weights) => SumOver(weights, w => w.Abs().Sum());

    private static Tensor SumOver(IEnumerable<Tensor> weights, Func<Tensor, Tensor> term)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Tensor? total = null;
        foreach (Tensor w in weights)
        {
            Tensor t = term(w);
            total = total is null ? t : total + t;
        }
        return total ?? Tensor.Scalar(0);
    }
}
