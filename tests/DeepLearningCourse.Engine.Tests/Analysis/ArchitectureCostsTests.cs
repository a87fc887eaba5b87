namespace DeepLearningCourse.Engine.Tests;

public class ArchitectureCostsTests
{
    [Fact]
    public void A_small_cnn_has_the_known_parameters_and_multiply_adds_per_layer()
    {
        var random = new Random(1);
        var model = new Sequential(
            new Conv2d(1, 6, 5, random, padding: 2), new ReLU(), new MaxPool2d(2),
            new Conv2d(6, 16, 5, random), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(16 * 5 * 5, 10, random));
        var rows = ArchitectureCosts.Of(model, 1, 28, 28);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7"], rows.Select(r => r.Path));
        Assert.Equal(["[6, 28, 28]", "[6, 28, 28]", "[6, 14, 14]", "[16, 10, 10]", "[16, 10, 10]", "[16, 5, 5]", "[400]", "[10]"], rows.Select(r => r.Output));
        Assert.Equal([156L, 0, 0, 2416, 0, 0, 0, 4010], rows.Select(r => r.Parameters));
        // 28·28 positions × 6 filters × 25 weights; 10·10 × 16 × 6·25; 400 × 10.
        Assert.Equal([117_600L, 0, 0, 240_000, 0, 0, 0, 4000], rows.Select(r => r.MultiplyAdds));
        Assert.Equal(model.ParameterCount, rows.Sum(r => r.Parameters));
        string table = ArchitectureCosts.Table(rows);
        Assert.Contains("Conv2d(6 → 16, 5×5, stride 1, padding 0)", table);
        string total = table.Split(Environment.NewLine)[^1];
        Assert.StartsWith("total", total);
        Assert.Contains(" 6,582 ", total);
        Assert.EndsWith(" 361,600", total);
    }

    [Fact]
    public void A_bottleneck_cuts_the_5x5_convolutions_cost_tenfold()
    {
        // GoogLeNet's example: 28×28×192 in, 32 maps of 5×5 out.
        var random = new Random(2);
        long direct = ArchitectureCosts.Of(new Conv2d(192, 32, 5, random, padding: 2), 192, 28, 28).Sum(r => r.MultiplyAdds);
        long bottleneck = ArchitectureCosts.Of(new Sequential(new Conv2d(192, 16, 1, random), new ReLU(), new Conv2d(16, 32, 5, random, padding: 2)), 192, 28, 28)
            .Sum(r => r.MultiplyAdds);
        Assert.Equal(28L * 28 * 32 * 192 * 25, direct);
        Assert.Equal(28L * 28 * 16 * 192 + 28L * 28 * 32 * 16 * 25, bottleneck);
    }

    [Fact]
    public void Branches_and_residual_blocks_are_opened_up()
    {
        var random = new Random(3);
        var model = new Sequential(
            new Branches(new Conv2d(3, 4, 1, random), new Sequential(new Conv2d(3, 2, 1, random), new Conv2d(2, 4, 3, random, padding: 1))),
            new Residual(new Sequential(new ReLU(), new Conv2d(8, 8, 3, random, padding: 1)), 0.5f),
            new GlobalAvgPool2d(), new Linear(8, 10, random));
        var rows = ArchitectureCosts.Of(model, 3, 8, 8);
        Assert.Equal(["0.0", "0.1.0", "0.1.1", "0", "1.0.0", "1.0.1", "1", "2", "3"], rows.Select(r => r.Path));
        Assert.Equal("join 2 branches: 4 + 4 channels", rows[3].Layer);
        Assert.Equal("[8, 8, 8]", rows[3].Output);
        Assert.Equal("add the skip connection", rows[6].Layer);
        Assert.Equal("[8]", rows[7].Output);
        Assert.Equal(64L * 4 * 3, rows[0].MultiplyAdds);
        Assert.Equal(64L * 8 * 8 * 9, rows[5].MultiplyAdds);
        Assert.Equal(model.ParameterCount, rows.Sum(r => r.Parameters));
    }

    [Fact]
    public void Counting_leaves_the_models_mode_and_random_state_alone()
    {
        static Sequential Make(out Dropout dropout)
        {
            var random = new Random(4);
            dropout = new Dropout(0.5f, new Random(5));
            return new Sequential(new Linear(4, 4, random), dropout, new Linear(4, 2, random));
        }
        var x = Tensor.Ones(3, 4);
        var before = Make(out _).Forward(x);
        var model = Make(out var dropout);
        ArchitectureCosts.Of(model, 4);
        Assert.True(model.IsTraining && dropout.IsTraining);
        Assert.Equal(before.Data, model.Forward(x).Data);
        Assert.Contains("(multiply-adds not counted)", ArchitectureCosts.Of(new LSTM(2, 3, new Random(6)), 5, 2)[0].Layer);
        var error = Assert.Throws<ArgumentException>(() => ArchitectureCosts.Of(model));
        Assert.StartsWith("ArchitectureCosts.Of: the example shape [] must have at least one axis", error.Message);
    }
}
