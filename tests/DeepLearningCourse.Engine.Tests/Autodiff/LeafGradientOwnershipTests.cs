namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// A parameter without a gradient takes the tensor a node returns as its Grad when the node says the tensor is new
/// (<see cref="Node.ReturnsNewGradients"/>), and a copy otherwise; either way the values and the accumulation rules are
/// the same.
/// </summary>
public class LeafGradientOwnershipTests
{
    [Fact]
    public void A_new_gradient_becomes_the_leaf_gradient_without_a_copy()
    {
        var w = Tensor.FromArray([1f, 2f]).WithGrad();
        var node = new FixedGradientNode(returnsNew: true);
        node.Apply(w).Sum().Backward();
        Assert.Same(node.Returned, w.Grad);
    }

    [Fact]
    public void A_gradient_the_node_may_share_is_copied()
    {
        var w = Tensor.FromArray([1f, 2f]).WithGrad();
        var node = new FixedGradientNode(returnsNew: false);
        node.Apply(w).Sum().Backward();
        Assert.NotSame(node.Returned, w.Grad);
        NodeTestKit.AssertValues(w.Grad!, [2], [5, 7]);

        // Add passes its gradOutput on unchanged: the leaf's copy must not alias the intermediate gradient.
        var v = Tensor.FromArray([1f, 2f]).WithGrad();
        var h = v * 1f;
        var y = h + v;
        y.Sum().Backward();
        v.Grad!.Data[0] = 99;
        NodeTestKit.AssertValues(y.Grad!, [2], [1, 1]);
    }

    [Fact]
    public void Adopted_linear_gradients_still_accumulate_across_backward_calls_and_uses()
    {
        var x = NodeTestKit.Random(1, -1, 1, 5, 3);
        var w = NodeTestKit.Random(2, -1, 1, 3, 4).WithGrad();
        var b = NodeTestKit.Random(3, -1, 1, 4).WithGrad();
        new LinearNode().Apply(x, w, b).Sum().Backward();
        var once = (w.Grad!.Clone(), b.Grad!.Clone());

        new LinearNode().Apply(x, w, b).Sum().Backward();
        Assert.True(w.Grad!.AllClose(once.Item1 * 2f, 1e-6f));
        Assert.True(b.Grad!.AllClose(once.Item2 * 2f, 1e-6f));

        // The same weight in two layers of one graph: the first layer's dW is adopted, the second's is added to it.
        w.ZeroGrad();
        b.ZeroGrad();
        var hidden = new LinearNode().Apply(x, w, b);
        var square = NodeTestKit.Random(4, -1, 1, 4, 3);
        new LinearNode().Apply(new LinearNode().Apply(hidden, square), w, b).Sum().Backward();
        var expected = ExpectedTwoLayerWeightGradient(x, w, b, square);
        Assert.True(w.Grad!.AllClose(expected, 1e-5f));
    }

    /// <summary>dL/dW for L = Σ (((x·W + b)·S)·W + b), written out with plain tensor ops.</summary>
    private static Tensor ExpectedTwoLayerWeightGradient(Tensor x, Tensor w, Tensor b, Tensor s)
    {
        var hidden = x.MatMul(w) + b;
        var mixed = hidden.MatMul(s);
        var ones = Tensor.Ones(x.Shape[0], w.Shape[1]);
        var outer = mixed.Transpose().MatMul(ones);          // from the second use: mixedᵀ · 1
        var dHidden = ones.MatMul(w.Transpose()).MatMul(s.Transpose());
        var inner = x.Transpose().MatMul(dHidden);           // from the first use: xᵀ · (1 · Wᵀ · Sᵀ)
        return outer + inner;
    }

    /// <summary>y = x; Backward returns the same gradient [5, 7] it made in Forward, new or kept.</summary>
    private sealed class FixedGradientNode(bool returnsNew) : Node
    {
        public Tensor Returned { get; } = Tensor.FromArray([5f, 7f]);

        protected internal override bool ReturnsNewGradients => returnsNew;

        public override Tensor Forward(params Tensor[] inputs) => inputs[0].Clone();

        public override Tensor?[] Backward(Tensor gradOutput) => [Returned];
    }
}
