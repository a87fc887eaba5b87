namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture14GpuKernelsTests
{
    private const string Notebook = "14-gpu-kernels";

    [Fact]
    public async Task All_three_sgemm_kernels_agree_with_the_cpu()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        double error = r.Headline("14.sgemm_max_error");
        Assert.InRange(error, 0, 1e-4);
    }

    [Fact]
    public async Task The_device_training_step_matches_the_cpu_step()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.InRange(r.Headline("14.mlp_max_loss_difference"), 0, 1e-4);
    }

    [Fact]
    public async Task Runs_well_under_a_minute()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Notebook);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
