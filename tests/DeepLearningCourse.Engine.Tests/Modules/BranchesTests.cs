namespace DeepLearningCourse.Engine.Tests;

public class BranchesTests
{
    /// <summary>
    /// A small Inception block on 3 input channels: 1×1; 1×1 → 3×3; 1×1 → 5×5; 3×3 max pool → 1×1 (tanh rather than
    /// ReLU inside, so finite differences never straddle a kink).
    /// </summary>
    private static Branches Inception(int seed)
    {
        var random = new Random(seed);
        return new Branches(
            new Conv2d(3, 2, 1, random),
            new Sequential(new Conv2d(3, 2, 1, random), new Tanh(), new Conv2d(2, 3, 3, random, padding: 1)),
            new Sequential(new Conv2d(3, 1, 1, random), new Tanh(), new Conv2d(1, 2, 5, random, padding: 2)),
            new Sequential(new MaxPool2d(3, 1, padding: 1), new Conv2d(3, 1, 1, random)));
    }

    /// <summary>
    /// Distinct values 0.025 apart in shuffled order, so a finite-difference step (0.01) never changes a pool's arg-max,
    /// and small enough to keep tanh's curvature from spoiling the differences.
    /// </summary>
    private static Tensor DistinctValues(int seed, params int[] shape)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        var values = Enumerable.Range(0, size).Select(i => 0.025f * i - 0.0125f * size).ToArray();
        new Random(seed).Shuffle(values);
        return new Tensor(values, shape);
    }

    [Fact]
    public void Output_is_the_branch_outputs_joined_along_channels_in_order()
    {
        var block = Inception(1);
        var x = NodeTestKit.Random(2, -1, 1, 2, 3, 6, 6);
        Tensor y;
        Tensor[] parts;
        using (GradMode.Disable())
        {
            y = block.Forward(x);
            parts = block.Layers.Select(b => b.Forward(x)).ToArray();
        }
        Assert.Equal([2, 2 + 3 + 2 + 1, 6, 6], y.Shape);
        Assert.Equal([2, 3, 2, 1], block.LastBranchChannels);
        int offset = 0;
        foreach (var part in parts)
        {
            int channels = part.Shape[1];
            for (int n = 0; n < 2; n++)
                for (int c = 0; c < channels; c++)
                    for (int p = 0; p < 36; p++)
                        Assert.Equal(part.Data[(n * channels + c) * 36 + p], y.Data[(n * 8 + offset + c) * 36 + p]);
            offset += channels;
        }
    }

    [Fact]
    public void Parameters_and_the_input_pass_the_gradient_check()
    {
        var block = Inception(3);
        var upstream = NodeTestKit.Random(4, -1, 1, 2, 8, 5, 5);
        var input = DistinctValues(5, 2, 3, 5, 5);
        int seed = 10;
        foreach (var (_, bias) in block.NamedParameters().Where(p => p.Name.EndsWith("Bias", StringComparison.Ordinal)))
            NodeTestKit.Random(seed++, -1, 1, bias.Size).Data.CopyTo(bias.Data, 0);
        var result = GradientCheck.CheckModel(block, () => (block.Forward(input) * upstream).Sum());
        Assert.True(result.Passed, result.ToString());
        NodeTestKit.AssertGradientsMatch(xs => block.Forward(xs[0]), DistinctValues(6, 1, 3, 5, 5));
    }

    [Fact]
    public void A_switched_off_branch_gives_zeros_in_its_channels_until_switched_back_on()
    {
        var block = Inception(11);
        var x = NodeTestKit.Random(12, -1, 1, 1, 3, 4, 4);
        var on = block.Forward(x).ToArray();
        block.BranchEnabled[1] = false;
        var off = block.Forward(x).Data;
        for (int i = 0; i < on.Length; i++)
        {
            bool inBranch1 = i / 16 is >= 2 and < 5;   // channels 2–4 come from branch 1
            Assert.Equal(inBranch1 ? 0f : on[i], off[i]);
        }
        block.BranchEnabled[1] = true;
        Assert.Equal(on, block.Forward(x).Data);
    }

    [Fact]
    public void Dense_branches_join_their_features()
    {
        var random = new Random(7);
        var block = new Branches(new Linear(4, 3, random), new Linear(4, 2, random));
        var y = block.Forward(NodeTestKit.Random(8, -1, 1, 5, 4));
        Assert.Equal([5, 5], y.Shape);
        Assert.Equal(4 * 3 + 3 + 4 * 2 + 2, block.ParameterCount);
        Assert.Equal("Branches(2 branches, joined along channels)", block.Describe());
        Assert.Contains("(1) Linear(4 → 2)", block.Summary());
    }

    [Fact]
    public void A_branch_that_changes_the_image_size_is_refused_with_the_shapes_and_the_fix()
    {
        var random = new Random(9);
        var block = new Branches(new Conv2d(3, 2, 1, random), new Conv2d(3, 2, 3, random));
        var error = Assert.Throws<ShapeException>(() => block.Forward(Tensor.Ones(1, 3, 6, 6)));
        Assert.Equal("Branches: branch 1 (Conv2d(3 → 2, 3×3, stride 1, padding 0)) gives [1, 2, 4, 4] but branch 0 (Conv2d(3 → 2, 1×1, stride 1, padding 0)) " +
            "gives [1, 2, 6, 6]; they are joined along axis 1 (channels), so all other axes must match. Keep every branch's height and width: stride 1, " +
            "padding (k − 1) / 2 for a k×k convolution, and MaxPool2d(3, 1, padding: 1) for a pool branch.", error.Message);
        Assert.Throws<ArgumentException>(() => new Branches());
    }
}
