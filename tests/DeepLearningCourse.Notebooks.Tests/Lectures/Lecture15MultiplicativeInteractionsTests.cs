namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture15MultiplicativeInteractionsTests
{
    [Fact]
    public async Task Multiplicative_notebook_shows_representation_beats_approximation_and_a_gate_that_learns_to_route()
    {
        var r = await CourseNotebookRuns.SucceededAsync("15-multiplicative-interactions");

        // x·y: the 4-parameter multiplicative layer is exact (float rounding), inside the training box and outside it;
        // the widest ReLU network is only close inside and clearly wrong outside.
        double mlp = r.Headline("15.product_mlp_rmse"), unit = r.Headline("15.product_multiplicative_rmse");
        Assert.InRange(mlp, 1e-3, 0.1);
        Assert.InRange(unit, 0, 1e-4);
        Assert.True(mlp > 100 * unit, $"ReLU {mlp} vs multiplicative {unit}");
        Assert.True(r.Headline("15.product_mlp_outside_rmse") > 0.1);
        Assert.InRange(r.Headline("15.product_multiplicative_outside_rmse"), 0, 1e-3);

        // Context-dependent linear map: the ReLU error falls with width but stays far above the multiplicative layer's,
        // at equal parameters (38 vs 32) and with 36× the parameters; the layer recovers the generating tensor.
        double smallest = r.Headline("15.map_mlp_rmse_smallest"), largest = r.Headline("15.map_mlp_rmse_largest");
        Assert.InRange(smallest, 0.2, 0.9);
        Assert.InRange(largest, 0.03, 0.5 * smallest);
        Assert.InRange(r.Headline("15.map_multiplicative_rmse"), 0, 1e-3);
        Assert.True(r.Headline("15.map_error_ratio_equal_parameters") > 100);
        Assert.True(r.Headline("15.map_error_ratio_largest") > 20);
        Assert.InRange(r.Headline("15.map_weight_recovery"), 0, 1e-2);

        // Attention and the LSTM cell update are gated sums: the same numbers both ways.
        Assert.InRange(r.Headline("15.attention_as_gated_sum_max_diff"), 0, 1e-5);
        Assert.InRange(r.Headline("15.lstm_as_gated_sum_max_diff"), 0, 1e-5);

        // Mixture of experts: the gate gives each region its own expert; trained competitively each expert works alone
        // (top-1 routing), trained on the blend's error they do not; a single line cannot fit the task.
        Assert.True(r.Headline("15.moe_routing_accuracy") >= 0.9, $"routing accuracy {r.Headline("15.moe_routing_accuracy")}");
        Assert.Equal(3, r.Headline("15.moe_distinct_owners"));
        double topOne = r.Headline("15.moe_top1_rmse");
        Assert.InRange(topOne, 0, 0.2);
        Assert.True(r.Headline("15.blended_top1_rmse") > 2 * topOne, $"blended top-1 {r.Headline("15.blended_top1_rmse")} vs competitive {topOne}");
        Assert.True(r.Headline("15.moe_rmse") < 0.3 * r.Headline("15.single_linear_rmse"));

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
