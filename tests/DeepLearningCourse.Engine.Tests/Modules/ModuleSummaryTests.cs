namespace DeepLearningCourse.Engine.Tests;

/// <summary>
/// The Module base as a student meets it: parameter counts, the readable summary, dotted parameter names,
/// train/eval mode reaching every sub-module, ZeroGrad, and saving/restoring weights.
/// </summary>
public class ModuleSummaryTests
{
    private static Sequential Mlp(int seed) =>
        new(new Linear(784, 256, new Random(seed)), new ReLU(), new Linear(256, 256, new Random(seed + 1)), new ReLU(),
            new Linear(256, 10, new Random(seed + 2)));

    [Fact]
    public void ParameterCount_of_the_784_256_256_10_mlp_is_weights_plus_biases()
    {
        // 784·256 + 256 + 256·256 + 256 + 256·10 + 10
        Assert.Equal(269_322, Mlp(0).ParameterCount);
        Assert.Equal(2 * 3, new Linear(2, 3, new Random(0), bias: false).ParameterCount);
        Assert.Equal(0, new ReLU().ParameterCount);
    }

    [Fact]
    public void Summary_lists_each_layer_with_its_count_and_parameter_shapes_and_the_total()
    {
        string summary = Mlp(0).Summary();
        string[] lines = summary.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("Sequential", lines[0]);
        Assert.Equal(7, lines.Length); // title, five layers, total
        Assert.Contains("(0) Linear(784 → 256)", lines[1]);
        Assert.Contains("200,960", lines[1]);
        Assert.Contains("Weight[784, 256] Bias[256]", lines[1]);
        Assert.Contains("(1) ReLU", lines[2]);
        Assert.Contains("(2) Linear(256 → 256)", lines[3]);
        Assert.Contains("65,792", lines[3]);
        Assert.Contains("(4) Linear(256 → 10)", lines[5]);
        Assert.Contains("2,570", lines[5]);
        Assert.Equal("Total parameters: 269,322", lines[6]);
        Assert.Equal(summary, Mlp(0).ToString());
    }

    [Fact]
    public void Summary_indents_nested_modules_under_their_parent()
    {
        var inner = new Sequential(new Linear(3, 4, new Random(1)), new Tanh());
        var model = new Sequential(inner, new Linear(4, 1, new Random(2)));
        string[] lines = model.Summary().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("  (0) Sequential", lines[1]);
        Assert.StartsWith("    (0) Linear(3 → 4)", lines[2]);
        Assert.StartsWith("    (1) Tanh", lines[3]);
        Assert.StartsWith("  (1) Linear(4 → 1)", lines[4]);
        Assert.Equal("Total parameters: 21", lines[^1]);
    }

    [Fact]
    public void Named_parameters_are_dotted_paths_in_registration_order()
    {
        var model = new Sequential(new Sequential(new Linear(3, 4, new Random(1))), new ReLU(), new Linear(4, 1, new Random(2)));
        Assert.Equal(["0.0.Weight", "0.0.Bias", "2.Weight", "2.Bias"], model.NamedParameters().Select(p => p.Name).ToArray());
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void Eval_and_Train_reach_every_sub_module_and_ZeroGrad_clears_every_gradient()
    {
        var inner = new Sequential(new Linear(2, 2, new Random(1)), new Dropout(0.5f, new Random(2)));
        var model = new Sequential(inner, new Linear(2, 1, new Random(3)));
        model.Eval();
        Assert.False(inner.Layers[1].IsTraining);
        model.Train();
        Assert.True(inner.Layers[1].IsTraining);

        model.Forward(Tensor.Ones(4, 2)).Sum().Backward();
        Assert.All(model.Parameters(), p => Assert.NotNull(p.Grad));
        model.ZeroGrad();
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void SaveState_and_LoadState_restore_weights_and_reject_a_state_of_another_model()
    {
        var model = Mlp(0);
        var saved = model.SaveState();
        var first = model.Parameters().First();
        float before = first.Data[0];
        first.Data[0] = 123f;
        model.LoadState(saved);
        Assert.Equal(before, first.Data[0]);

        var ex = Assert.Throws<ArgumentException>(() => new Linear(2, 3, new Random(0)).LoadState(saved));
        Assert.Contains("Linear.LoadState", ex.Message);
        Assert.Contains("6 arrays", ex.Message);
    }
}
