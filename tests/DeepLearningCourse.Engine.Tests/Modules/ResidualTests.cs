namespace DeepLearningCourse.Engine.Tests;

public class ResidualTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    private static Sequential Branch(int width, int seed) =>
        new(new ReLU(), new Linear(width, width, new Random(seed)), new ReLU(), new Linear(width, width, new Random(seed + 1)));

    [Fact]
    public void Output_is_the_input_plus_the_scaled_branch()
    {
        var branch = Branch(4, 1);
        var x = R(2, 3, 4);
        Tensor expected;
        using (GradMode.Disable()) expected = branch.Forward(x);
        foreach (float scale in new[] { 1f, 0.25f, -2f })
        {
            var block = new Residual(branch, scale);
            Tensor y;
            using (GradMode.Disable()) y = block.Forward(x);
            for (int i = 0; i < x.Size; i++) Assert.Equal(x.Data[i] + scale * expected.Data[i], y.Data[i], 6);
            Assert.Equal(expected.Data, block.LastBranchOutput!.Data);
        }
    }

    [Fact]
    public void A_learnable_scale_starts_at_zero_so_the_block_starts_as_the_identity()
    {
        var block = Residual.WithLearnableScale(Branch(4, 3));
        var x = R(4, 5, 4);
        Assert.Equal(x.Data, block.Forward(x).Data);
        Assert.Equal([0f], block.Scale!.Data);
        Assert.Contains(block.Scale, block.Parameters());
        Assert.Equal(2 * (4 * 4 + 4) + 1, block.ParameterCount);
        Assert.True(float.IsNaN(block.BranchScale));
    }

    [Fact]
    public void The_gradient_at_the_input_is_the_output_gradient_plus_the_branch_path()
    {
        // dL/dx = g + α·J_branchᵀ g: with the branch switched off (α = 0) it is exactly g.
        var x = R(5, 3, 4).WithGrad();
        var g = R(6, 3, 4);
        var block = new Residual(Branch(4, 7), 0f);
        (block.Forward(x) * g).Sum().Backward();
        Assert.Equal(g.Data, x.Grad!.Data);
    }

    [Fact]
    public void Parameters_inputs_and_the_learnable_scale_pass_the_gradient_check()
    {
        var upstream = R(8, 5, 4);
        var input = R(9, 5, 4);
        foreach (var block in new[] { new Residual(Branch(4, 10)), new Residual(Branch(4, 12), 0.5f), Residual.WithLearnableScale(Branch(4, 14), 0.3f) })
        {
            // Non-zero biases: with zero ones, a row of x that is negative everywhere puts a ReLU exactly on its kink.
            int seed = 30;
            foreach (var (_, bias) in block.NamedParameters().Where(p => p.Name.EndsWith("Bias", StringComparison.Ordinal)))
                R(seed++, bias.Size).Data.CopyTo(bias.Data, 0);
            var result = GradientCheck.CheckModel(block, () => (block.Forward(input) * upstream).Sum());
            Assert.True(result.Passed, $"{block.Describe()}: {result}");
            NodeTestKit.AssertGradientsMatch(xs => block.Forward(xs[0]), R(15, 2, 4));
        }
    }

    [Fact]
    public void A_disabled_branch_passes_the_input_through_and_can_be_switched_back_on()
    {
        var block = new Residual(Branch(4, 16));
        var x = R(17, 2, 4);
        var on = block.Forward(x).ToArray();
        block.BranchEnabled = false;
        Assert.Same(x, block.Forward(x));
        block.BranchEnabled = true;
        Assert.Equal(on, block.Forward(x).Data);
    }

    [Fact]
    public void A_branch_that_changes_the_shape_is_refused_with_the_shapes_and_the_fix()
    {
        var block = new Residual(new Linear(4, 3, new Random(1)));
        var error = Assert.Throws<ShapeException>(() => block.Forward(R(2, 5, 4)));
        Assert.Contains("[5, 4]", error.Message);
        Assert.Contains("[5, 3]", error.Message);
        Assert.Contains("Linear(…, 4)", error.Message);
        Assert.Contains("projection shortcut", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Residual(new ReLU(), float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Residual.WithLearnableScale(new ReLU(), float.PositiveInfinity));
    }

    [Fact]
    public void The_summary_shows_the_block_and_its_branch()
    {
        var model = new Sequential(new Linear(2, 4, new Random(1)), new Residual(Branch(4, 2), 0.5f), Residual.WithLearnableScale(Branch(4, 4)));
        string summary = model.Summary();
        Assert.Contains("Residual(x + 0.5·branch(x))", summary);
        Assert.Contains("Residual(x + α·branch(x), α learnable)", summary);
        Assert.Contains("Linear(4 → 4)", summary);
        Assert.Equal(2 * 4 + 4 + 2 * 2 * (4 * 4 + 4) + 1, model.ParameterCount);
    }

    [Fact]
    public void Stacked_blocks_double_the_variance_per_block_unless_the_branch_is_scaled_down()
    {
        // Var[x + f(x)] = Var[x] + Var[f(x)] for an independent-looking branch; with He init Var[f(x)] ≈ Var[x].
        const int width = 256, blocks = 8;
        var x = Tensor.Normal(new Random(20), 0f, 1f, 512, width);
        double Variance(float scale)
        {
            var random = new Random(21);
            var h = x;
            using (GradMode.Disable())
            {
                for (int b = 0; b < blocks; b++)
                    h = new Residual(new Sequential(new ReLU(), new Linear(width, width, random), new ReLU(), new Linear(width, width, random)), scale).Forward(h);
            }
            double mean = h.Data.Average(v => (double)v);
            return h.Data.Average(v => (v - mean) * (v - mean));
        }
        Assert.InRange(Variance(1f), 100, 400);                       // ≈ 2⁸ = 256
        Assert.InRange(Variance(1f / MathF.Sqrt(blocks)), 1.5, 4);    // ≈ (1 + 1/8)⁸ ≈ 2.6
    }

    [Fact]
    public void A_projection_shortcut_lets_a_block_change_the_width()
    {
        var shortcut = new Linear(4, 6, new Random(40), bias: false);
        var block = new Residual(new Sequential(new ReLU(), new Linear(4, 6, new Random(41))), shortcut, 0.5f);
        var x = R(42, 3, 4);
        Tensor y, projected, branch;
        using (GradMode.Disable())
        {
            y = block.Forward(x);
            projected = shortcut.Forward(x);
            branch = block.Branch.Forward(x);
        }
        Assert.Equal([3, 6], y.Shape);
        for (int i = 0; i < y.Size; i++) Assert.Equal(projected.Data[i] + 0.5f * branch.Data[i], y.Data[i], 6);
        Assert.Equal("Residual(shortcut(x) + 0.5·branch(x))", block.Describe());
        Assert.Contains(shortcut.Weight, block.Parameters());
        block.BranchEnabled = false;
        Assert.Equal(projected.Data, block.Forward(x).Data);
        block.BranchEnabled = true;

        var upstream = R(43, 3, 6);
        var result = GradientCheck.CheckModel(block, () => (block.Forward(x) * upstream).Sum());
        Assert.True(result.Passed, result.ToString());

        var mismatched = new Residual(new Linear(4, 6, new Random(44)), new Linear(4, 5, new Random(45)));
        var error = Assert.Throws<ShapeException>(() => mismatched.Forward(x));
        Assert.Contains("[3, 6]", error.Message);
        Assert.Contains("[3, 5]", error.Message);
        Assert.Contains("shortcut", error.Message);
    }
}
