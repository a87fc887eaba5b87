namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// Issue 2, (b): a student writes a new node by subclassing <see cref="Node"/> and it takes part in autodiff with no
/// other change: recorded by Apply, visited by loss.Backward between built-in nodes, summed on fan-out, checked by
/// GradientCheck, named in the graph, and its saved state released after Backward.
/// </summary>
public class CustomNodeTests
{
    /// <summary>softplus(x) = log(1 + eˣ), written the way a student would: Forward keeps x, Backward uses σ(x).</summary>
    private sealed class SoftplusNode : Node
    {
        private Tensor? _x;

        public override Tensor Forward(params Tensor[] inputs)
        {
            NodeArgs.Count(this, inputs, 1);
            _x = inputs[0];
            return new Tensor(_x.Data.Select(v => MathF.Max(v, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(v)))).ToArray(), _x.Shape);
        }

        public override Tensor?[] Backward(Tensor gradOutput)
        {
            Tensor x = NodeArgs.Saved(this, _x);
            return [new Tensor(x.Data.Select((v, i) => gradOutput.Data[i] / (1 + MathF.Exp(-v))).ToArray(), x.Shape)];
        }

        public override void ReleaseSavedState()
        {
            _x = null;
            base.ReleaseSavedState();
        }
    }

    private static Tensor Softplus(Tensor x) => new SoftplusNode().Apply(x);

    [Fact]
    public void Known_answer_by_hand()
    {
        var node = new SoftplusNode();
        var y = node.Forward(Tensor.FromArray([0f, 1000f, -1000f]));
        NodeTestKit.AssertValues(y, [3], [MathF.Log(2), 1000, 0]);
        NodeTestKit.AssertValues(node.Backward(Tensor.FromArray([1f, 2f, 3f]))[0]!, [3], [0.5f, 2, 0]);
    }

    [Fact]
    public void Takes_part_in_loss_Backward_between_built_in_nodes()
    {
        // L = Σ softplus(x·W); dL/dW = xᵀ·σ(x·W).
        var x = Tensor.FromArray(new float[,] { { 1, 2 }, { -1, 0.5f } });
        var w = Tensor.FromArray(new float[,] { { 0.3f, -0.2f }, { 0.1f, 0.4f } }).WithGrad();
        var loss = Softplus(x.MatMul(w)).Sum();
        Assert.Equal("Softplus", loss.Creator!.Inputs[0].Creator!.OpName);
        loss.Backward();

        var z = x.MatMul(w.Detach());
        var sigma = z.Sigmoid();
        var expected = x.Transpose().MatMul(sigma);
        NodeTestKit.AssertValues(w.Grad!, [2, 2], expected.Data);
    }

    [Fact]
    public void Passes_the_gradient_check_and_fan_out()
    {
        NodeTestKit.AssertGradientsMatch(() => new SoftplusNode(), [NodeTestKit.Random(1, -3, 3, 3, 4)]);
        NodeTestKit.AssertFanOutDoublesGradient(Softplus, NodeTestKit.Random(2, -3, 3, 5));
        var model = new Linear(3, 2, new Random(3));
        var input = NodeTestKit.Random(4, -1, 1, 4, 3);
        var result = GradientCheck.CheckModel(model, () => Softplus(model.Forward(input)).Mean());
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Saved_state_is_released_after_Backward_unless_retained()
    {
        var x = NodeTestKit.Random(5, -1, 1, 3).WithGrad();
        var y = Softplus(x);
        var node = (SoftplusNode)y.Creator!;
        y.Sum().Backward(retainGraph: true);
        Assert.False(node.SavedStateReleased);
        y.Sum().Backward();
        Assert.True(node.SavedStateReleased);
        Assert.Contains("Softplus: Backward needs what Forward saves", Assert.Throws<InvalidOperationException>(() => node.Backward(Tensor.Ones(3))).Message);
    }
}
