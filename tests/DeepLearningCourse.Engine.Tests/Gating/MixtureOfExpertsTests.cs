namespace DeepLearningCourse.Engine.Tests;

public class MixtureOfExpertsTests
{
    private static Tensor R(int seed, params int[] shape) => NodeTestKit.Random(seed, -1, 1, shape);

    [Fact]
    public void Output_is_the_gate_weighted_sum_of_the_experts()
    {
        var moe = MixtureOfExperts.Linear(3, 2, 4, new Random(1));
        Tensor x = R(2, 5, 3);
        var y = moe.Forward(x);
        var gates = moe.LastGates!;
        Assert.Equal([5, 4], gates.Shape);
        var expected = Tensor.Zeros(5, 2);
        for (int e = 0; e < 4; e++) expected = expected + gates.Slice(1, e, 1) * moe.Experts[e].Forward(x);
        Assert.True(y.AllClose(expected, 1e-6f));
        for (int b = 0; b < 5; b++) Assert.Equal(1f, Enumerable.Range(0, 4).Sum(e => gates[b, e]), 5);
    }

    [Fact]
    public void Experts_and_gate_pass_the_gradient_check_with_a_separate_gate_input()
    {
        var moe = new MixtureOfExperts([new Linear(3, 2, new Random(1)), new Linear(3, 2, new Random(2)), new Sequential(new Linear(3, 2, new Random(3)), new Tanh())],
            new Linear(4, 3, new Random(4)));
        Tensor x = R(5, 6, 3), context = R(6, 6, 4), upstream = R(7, 6, 2);
        var result = GradientCheck.CheckModel(moe, () => (moe.Forward(x, context) * upstream).Sum());
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Top_one_runs_only_the_chosen_expert_for_each_example()
    {
        var moe = MixtureOfExperts.Linear(1, 1, 2, new Random(1));
        var gate = (Linear)moe.Gate;
        gate.Weight.Data[0] = -10f;   // expert 0 for x < 0, expert 1 for x > 0
        gate.Weight.Data[1] = 10f;
        gate.Bias!.Data[0] = gate.Bias.Data[1] = 0f;
        var x = Tensor.FromArray([-2f, 3f, -0.5f, 1f], 4, 1);
        var (output, routes) = moe.ForwardTopOne(x);
        Assert.Equal([0, 1, 0, 1], routes);
        Tensor zero = moe.Experts[0].Forward(x), one = moe.Experts[1].Forward(x);
        Assert.Equal([zero[0, 0], one[1, 0], zero[2, 0], one[3, 0]], output.Data);
        Assert.False(output.RequiresGrad);
    }

    [Fact]
    public void Competitive_loss_known_answer_and_gradient_check()
    {
        // Two constant experts (weights 0, biases 1 and 3), a gate with logits (0, ln 3): g = (1/4, 3/4).
        var moe = MixtureOfExperts.Linear(1, 1, 2, new Random(1));
        for (int e = 0; e < 2; e++)
        {
            var expert = (Linear)moe.Experts[e];
            expert.Weight.Data[0] = 0;
            expert.Bias!.Data[0] = 1 + 2 * e;
        }
        var gate = (Linear)moe.Gate;
        gate.Weight.Data[0] = gate.Weight.Data[1] = 0;
        (gate.Bias!.Data[0], gate.Bias.Data[1]) = (0f, MathF.Log(3f));
        var loss = moe.CompetitiveLoss(Tensor.FromArray([0.5f], 1, 1), Tensor.FromArray([2f], 1, 1));
        // −log(¼·e^{−½·1} + ¾·e^{−½·1}) = ½
        Assert.Equal(0.5f, loss.Item(), 5);
        Assert.Equal([0.25f, 0.75f], moe.LastGates!.Data.Select(v => MathF.Round(v, 5)));

        var mixed = new MixtureOfExperts([new Linear(3, 2, new Random(2)), new Linear(3, 2, new Random(3)), new Linear(3, 2, new Random(4))], new Linear(2, 3, new Random(5)));
        Tensor x = R(6, 5, 3), context = R(7, 5, 2), target = R(8, 5, 2);
        var result = GradientCheck.CheckModel(mixed, () => mixed.CompetitiveLoss(x, target, context));
        Assert.True(result.Passed, result.ToString());
        var ex = Assert.Throws<ShapeException>(() => mixed.CompetitiveLoss(x, Tensor.Zeros(5, 1), context));
        Assert.Contains("expert 0 returned [5, 2] but the target is [5, 1]", ex.Message);
    }

    [Fact]
    public void Competitive_training_gives_each_region_its_own_expert_that_works_alone()
    {
        var (x, y, region) = InteractionTasks.Piecewise(512, new Random(0));
        var moe = MixtureOfExperts.Linear(1, 1, 3, new Random(1));
        var optimizer = new Adam(moe.Parameters(), 0.05f);
        for (int step = 0; step < 600; step++)
        {
            optimizer.ZeroGrad();
            moe.CompetitiveLoss(x, y).Backward();
            optimizer.Step();
        }
        var (topOne, routes) = moe.ForwardTopOne(x);
        var routing = Routing.Summarize(routes, region, 3);
        Assert.Equal(3, routing.DistinctOwners);
        Assert.True(routing.Accuracy > 0.9, $"routing accuracy {routing.Accuracy}");
        double topOneRmse = Math.Sqrt((topOne - y).Pow(2).Mean().Item());
        Assert.True(topOneRmse < 0.2, $"top-1 RMSE {topOneRmse}: each expert alone should fit its region");
        for (int r = 0; r < 3; r++)
        {
            var expert = (Linear)moe.Experts[routing.Owners[r]];
            Assert.Equal(InteractionTasks.PiecewiseLines[r].Slope, expert.Weight.Data[0], 0.15f);
        }
    }

    [Fact]
    public void Routing_summary_counts_owners_and_accuracy()
    {
        var routing = Routing.Summarize([2, 2, 0, 1, 1, 1, 2], Tensor.FromArray([0f, 0, 0, 1, 1, 1, 1]), 3);
        Assert.Equal(new[,] { { 1, 0, 2 }, { 0, 3, 1 } }, routing.Counts);
        Assert.Equal([2, 1], routing.Owners);
        Assert.Equal(5.0 / 7, routing.Accuracy, 12);
        Assert.Equal(2, routing.DistinctOwners);
        Assert.Equal(1, Routing.Summarize([0, 0, 0], Tensor.FromArray([0f, 1, 2]), 2).DistinctOwners);
        Assert.Throws<ShapeException>(() => Routing.Summarize([0, 1], Tensor.FromArray([0f]), 2));
        Assert.Throws<ArgumentException>(() => Routing.Summarize([0, 3], Tensor.FromArray([0f, 1]), 2));
    }

    [Fact]
    public void Bad_configuration_is_explained()
    {
        var one = Assert.Throws<ArgumentException>(() => new MixtureOfExperts([new Linear(2, 1, new Random(1))], new Linear(2, 1, new Random(2))));
        Assert.Contains("got 1 expert(s); a gate needs at least 2", one.Message);
        var moe = new MixtureOfExperts([new Linear(2, 1, new Random(1)), new Linear(2, 1, new Random(2))], new Linear(2, 3, new Random(3)));
        var ex = Assert.Throws<ShapeException>(() => moe.Forward(Tensor.Zeros(4, 2)));
        Assert.Equal("MixtureOfExperts(2 experts): the gate returned [4, 3] for input [4, 2]; it must return [batch, 2] logits, one per expert.", ex.Message);
    }
}
