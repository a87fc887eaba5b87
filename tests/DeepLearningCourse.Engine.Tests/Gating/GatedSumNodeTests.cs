namespace DeepLearningCourse.Engine.Tests;

public class GatedSumNodeTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    [Fact]
    public void Known_answer_and_known_gradients()
    {
        var node = new GatedSumNode();
        var y = node.Forward(Tensor.FromArray([0.25f, 0.75f], 1, 2), Tensor.FromArray([4f, 8f], 1, 2), Tensor.FromArray([0f, -4f], 1, 2));
        NodeTestKit.AssertValues(y, [1, 2], [1f, -1f]);
        var grads = node.Backward(Tensor.FromArray([1f, 2f], 1, 2));
        NodeTestKit.AssertValues(grads[0]!, [1, 2], [4f + 16f, 0f - 8f]);   // dg_e = dy · v_e
        NodeTestKit.AssertValues(grads[1]!, [1, 2], [0.25f, 0.5f]);          // dv_e = g_e · dy
        NodeTestKit.AssertValues(grads[2]!, [1, 2], [0.75f, 1.5f]);
    }

    [Fact]
    public void Gradients_match_finite_differences_for_row_and_sequence_values()
    {
        NodeTestKit.AssertGradientsMatch(() => new GatedSumNode(), [R(1, 4, 3), R(2, 4, 2), R(3, 4, 2), R(4, 4, 2)]);
        NodeTestKit.AssertGradientsMatch(() => new GatedSumNode(), [R(5, 2, 2), R(6, 2, 3, 4), R(7, 2, 3, 4)]);
        Tensor gates = R(8, 3, 2);
        NodeTestKit.AssertFanOutDoublesGradient(v => new GatedSumNode().Apply(gates, v, v), R(9, 3, 5));
    }

    [Fact]
    public void Attention_for_one_query_is_a_gated_sum_of_the_values()
    {
        Tensor q = R(10, 1, 1, 4), k = R(11, 1, 5, 4), v = R(12, 1, 5, 3);
        Tensor attention = Tensor.ScaledDotProductAttention(q, k, v).Reshape(1, 3);
        Tensor weights = (q.MatMul(k.Transpose(1, 2)) / MathF.Sqrt(4)).Reshape(1, 5).Softmax(1);
        var inputs = new List<Tensor> { weights };
        for (int t = 0; t < 5; t++) inputs.Add(v.Slice(1, t, 1).Reshape(1, 3));
        Assert.True(new GatedSumNode().Apply([.. inputs]).AllClose(attention, 1e-6f));
    }

    [Fact]
    public void Wrong_inputs_name_the_op_the_shapes_and_the_fix()
    {
        var count = Assert.Throws<ShapeException>(() => new GatedSumNode().Apply(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4), Tensor.Zeros(2, 4)));
        Assert.Equal("GatedSum: gates are [2, 3] but 2 values were given; gates must be [batch, 2], one column per value.", count.Message);
        var shape = Assert.Throws<ShapeException>(() => new GatedSumNode().Apply(Tensor.Zeros(2, 2), Tensor.Zeros(2, 4), Tensor.Zeros(2, 5)));
        Assert.Contains("value 1 is [2, 5] but value 0 is [2, 4]", shape.Message);
        Assert.Throws<ArgumentException>(() => new GatedSumNode().Apply(Tensor.Zeros(2, 1)));
    }
}
