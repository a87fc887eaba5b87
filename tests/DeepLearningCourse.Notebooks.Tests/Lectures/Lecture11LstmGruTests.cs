namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture11LstmGruTests
{
    private const string Notebook = "11-lstm-gru";

    [Fact]
    public async Task Plain_rnn_is_at_chance_at_T50_while_lstm_and_gru_solve_it()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.InRange(r.Headline("11.rnn_accuracy_T50"), 0.15, 0.35);      // chance is 0.25
        Assert.True(r.Headline("11.lstm_accuracy_T50") >= 0.95, $"LSTM accuracy {r.Headline("11.lstm_accuracy_T50")}");
        Assert.True(r.Headline("11.gru_accuracy_T50") >= 0.95, $"GRU accuracy {r.Headline("11.gru_accuracy_T50")}");
    }

    [Fact]
    public async Task Plain_rnn_solves_short_sequences()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Headline("11.rnn_accuracy_T10") >= 0.95);
    }

    [Fact]
    public async Task Gradient_reaches_the_first_step_through_the_lstm_but_not_the_rnn()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Headline("11.rnn_gradient_ratio_first_step") < 1e-6);
        Assert.True(r.Headline("11.lstm_gradient_ratio_first_step") > 1e-3);
        Assert.True(r.Headline("11.lstm_mean_forget_gate") > 0.9, "a trained LSTM on this task keeps its forget gates near 1");
    }

    [Fact]
    public async Task Runs_well_under_a_minute()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
