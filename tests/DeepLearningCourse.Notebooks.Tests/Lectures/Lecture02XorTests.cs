namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture02XorTests
{
    private const string Notebook = "02-xor";

    [Fact]
    public async Task No_line_and_no_linear_model_exceeds_three_quarters_on_xor()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.Equal(0.75, r.Headline("02.best_random_line_accuracy"));
        Assert.True(r.Headline("02.linear_accuracy") <= 0.75);
    }

    [Fact]
    public async Task Two_hidden_units_solve_xor()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.Equal(1.0, r.Headline("02.network_accuracy"));
        Assert.True(r.Headline("02.network_final_loss") < 0.05, "the network's loss should fall far below ln 2");
    }

    [Fact]
    public async Task Some_seeds_get_stuck_with_two_units_and_width_fixes_most_of_them()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        double relu2 = r.Headline("02.stuck_relu_seeds_of_20");
        Assert.InRange(r.Headline("02.stuck_seeds_of_20"), 1, 19);
        Assert.InRange(r.Headline("02.stuck_tanh_seeds_of_20"), 0, 19);
        Assert.InRange(relu2, 1, 20);
        Assert.True(r.Headline("02.stuck_relu_8_hidden_of_20") < relu2, "8 hidden units should get stuck less often than 2");
    }

    [Fact]
    public async Task Runs_well_under_a_minute()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
