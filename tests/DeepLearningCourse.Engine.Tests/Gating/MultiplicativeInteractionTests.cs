namespace DeepLearningCourse.Engine.Tests;

public class MultiplicativeInteractionTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    [Fact]
    public void One_weight_represents_the_product_exactly()
    {
        var layer = new MultiplicativeInteraction(1, 1, 1, new Random(1));
        layer.Weight.Data[0] = 1;
        layer.XWeight.Data[0] = 0;
        layer.ZWeight.Data[0] = 0;
        var data = InteractionTasks.Product(50, new Random(2), range: 5f);
        Tensor y;
        using (GradMode.Disable()) y = layer.Forward(data.X);
        Assert.Equal(data.Y.Data, y.Data);
        Assert.Equal(4, layer.ParameterCount);
    }

    [Fact]
    public void Output_is_the_formula_and_both_call_forms_agree()
    {
        var layer = new MultiplicativeInteraction(3, 2, 2, new Random(3));
        for (int o = 0; o < 2; o++) layer.Bias.Data[o] = 0.5f * (o + 1);
        Tensor x = R(5, 4, 3), z = R(6, 4, 2);
        var y = layer.Forward(x, z);
        for (int b = 0; b < 4; b++)
        {
            for (int o = 0; o < 2; o++)
            {
                double expected = layer.Bias[o];
                for (int i = 0; i < 3; i++)
                {
                    expected += x[b, i] * layer.XWeight[i, o];
                    for (int j = 0; j < 2; j++) expected += x[b, i] * layer.Weight[i, j, o] * z[b, j];
                }
                for (int j = 0; j < 2; j++) expected += z[b, j] * layer.ZWeight[j, o];
                Assert.Equal(expected, y[b, o], 5);
            }
        }
        Assert.Equal(y.Data, layer.Forward(Tensor.Concat(1, x, z)).Data);
        Assert.Equal(3 * 2 * 2 + 3 * 2 + 2 * 2 + 2, layer.ParameterCount);
    }

    [Fact]
    public void Parameters_and_inputs_pass_the_gradient_check()
    {
        var layer = new MultiplicativeInteraction(3, 4, 2, new Random(7));
        Tensor input = R(8, 5, 7), upstream = R(9, 5, 2);
        var result = GradientCheck.CheckModel(layer, () => (layer.Forward(input) * upstream).Sum());
        Assert.True(result.Passed, result.ToString());
        NodeTestKit.AssertGradientsMatch(xs => layer.Forward(xs[0], xs[1]), R(10, 2, 3), R(11, 2, 4));
    }

    [Fact]
    public void Learns_a_contextual_linear_map_and_recovers_it()
    {
        var map = R(12, 3, 2, 2);
        var train = InteractionTasks.ContextualLinearMap(map, 256, new Random(13));
        var layer = new MultiplicativeInteraction(3, 2, 2, new Random(14));
        var optimizer = new Adam(layer.Parameters(), 0.05f);
        double loss = double.NaN;
        for (int step = 0; step < 400; step++)
        {
            optimizer.ZeroGrad();
            var l = Loss.MeanSquaredError(layer.Forward(train.X), train.Y);
            l.Backward();
            optimizer.Step();
            loss = l.Item();
        }
        Assert.True(loss < 1e-5, $"loss {loss}");
        Assert.True(layer.Weight.AllClose(map, 1e-2f), "W should equal the map that made the data");
        Assert.All(layer.XWeight.Data, v => Assert.InRange(v, -1e-2f, 1e-2f));
    }

    [Fact]
    public void Wrong_shapes_name_the_layer_the_shapes_and_the_fix()
    {
        var layer = new MultiplicativeInteraction(3, 2, 1, new Random(1));
        var ex = Assert.Throws<ShapeException>(() => layer.Forward(Tensor.Zeros(4, 4)));
        Assert.Equal("MultiplicativeInteraction(x 3, z 2 → 1): input has shape [4, 4] but must be [batch, 5] (x's 3 features, then z's 2); or call Forward(x, z).", ex.Message);
        var pair = Assert.Throws<ShapeException>(() => layer.Forward(Tensor.Zeros(4, 3), Tensor.Zeros(3, 2)));
        Assert.Contains("x is [4, 3] and z is [3, 2]", pair.Message);
        Assert.Throws<ArgumentException>(() => new MultiplicativeInteraction(0, 2, 1, new Random(1)));
    }
}
