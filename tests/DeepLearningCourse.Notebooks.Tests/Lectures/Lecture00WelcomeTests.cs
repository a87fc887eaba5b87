namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture00WelcomeTests
{
    [Fact]
    public async Task Welcome_notebook_runs_and_records_its_headline()
    {
        var result = await CourseNotebookRuns.SucceededAsync("00-welcome");
        Assert.NotEmpty(result.Headlines);
    }
}
