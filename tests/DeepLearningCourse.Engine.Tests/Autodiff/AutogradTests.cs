namespace DeepLearningCourse.Engine.Tests;

public class AutogradTests
{
    [Fact]
    public void Shared_weight_used_twice_gets_the_sum_of_both_gradients()
    {
        var w = Tensor.FromArray([2f, 3f]).WithGrad();
        var x = Tensor.FromArray([1f, 4f]);
        var loss = (w * x + w * w).Sum(); // dL/dw = x + 2w
        loss.Backward();
        NodeTestKit.AssertValues(w.Grad!, [2], [5, 10]);
    }

    [Fact]
    public void Leaf_gradients_accumulate_until_zeroed()
    {
        var w = Tensor.FromArray([1f, 2f]).WithGrad();
        (w * 3f).Sum().Backward();
        (w * 3f).Sum().Backward();
        NodeTestKit.AssertValues(w.Grad!, [2], [6, 6]);
        w.ZeroGrad();
        Assert.Null(w.Grad);
    }

    [Fact]
    public void Nothing_is_recorded_inside_a_no_grad_scope()
    {
        var w = Tensor.Ones(2).WithGrad();
        using (GradMode.Disable())
        {
            var y = w * 2f;
            Assert.Null(y.Creator);
            Assert.False(y.RequiresGrad);
        }
        Assert.True(GradMode.IsEnabled);
    }

    [Fact]
    public void Second_backward_through_a_released_graph_explains_retain_graph()
    {
        var w = Tensor.Ones(2).WithGrad();
        var loss = (w * w).Sum();
        loss.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("retainGraph", ex.Message);
        var loss2 = (w * w).Sum();
        loss2.Backward(retainGraph: true);
        loss2.Backward();
    }

    [Fact]
    public void A_node_whose_gradient_has_the_wrong_shape_is_named()
    {
        var x = Tensor.Ones(2, 3).WithGrad();
        var y = new WrongShapeNode().Apply(x);
        var ex = Assert.Throws<ShapeException>(() => y.Sum().Backward());
        Assert.Contains("WrongShape", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void Topological_order_is_deterministic_and_visits_each_node_once()
    {
        var a = Tensor.Ones(2).WithGrad();
        var b = a * a;
        var c = b + a;
        var d = c * b;
        var order = Autograd.TopologicalOrder(d.Creator!);
        Assert.Equal(["Mul", "Add", "Mul"], order.Select(n => n.OpName));
        Assert.Same(d.Creator, order[^1]);
    }

    [Fact]
    public void Intermediate_tensors_keep_their_gradient_for_inspection()
    {
        var x = Tensor.FromArray([1f, 2f]).WithGrad();
        var h = x * 3f;
        (h * h).Sum().Backward();
        NodeTestKit.AssertValues(h.Grad!, [2], [6, 12]);
        NodeTestKit.AssertValues(x.Grad!, [2], [18, 36]);
    }

    private sealed class WrongShapeNode : Node
    {
        public override Tensor Forward(params Tensor[] inputs) => inputs[0].Clone();

        public override Tensor?[] Backward(Tensor gradOutput) => [Tensor.Ones(3)];
    }
}
