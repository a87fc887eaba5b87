using System.Text.Json.Nodes;

namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class StudentEditionTests
{
    [Fact]
    public async Task Dlc_export_student_writes_its_own_folder_and_leaves_the_full_handouts_alone()
    {
        var scratch = new CoursePaths(TestPaths.Scratch("student-folder"));
        TestNotebooks.Write(Path.Combine(scratch.Executed, "01-exercise.ipynb"),
            TestNotebooks.Markdown("# Exercise"),
            TestNotebooks.Code("// EXERCISE: answer\nstring answer = \"exercise-marker\";"),
            TestNotebooks.Code("// SOLUTION: answer\nanswer = \"solution-marker\";"),
            TestNotebooks.Code("Exercise.CheckEqual(\"answer\", answer, expected);",
                TestNotebooks.Display(("text/html", JsonValue.Create("<p>answer: correct, result-marker</p>")))));
        using var output = new StringWriter();

        Assert.Equal(0, await CommandLine.RunAsync(["export"], output, scratch));
        Assert.Equal(0, await CommandLine.RunAsync(["export", "--student"], output, scratch));

        var full = File.ReadAllText(Path.Combine(scratch.Handouts, "01-exercise.html"));
        var student = File.ReadAllText(Path.Combine(scratch.StudentHandouts, "01-exercise.html"));
        Assert.Contains("solution-marker", full, StringComparison.Ordinal);
        Assert.DoesNotContain("solution-marker", student, StringComparison.Ordinal);
        Assert.Contains("exercise-marker", student, StringComparison.Ordinal);
        Assert.Contains("result-marker", full, StringComparison.Ordinal);
        Assert.DoesNotContain("result-marker", student, StringComparison.Ordinal);
        Assert.Contains("Run this cell in the notebook to check your answer.", student, StringComparison.Ordinal);
        Assert.Contains("<span class=\"counts\">1 exercise</span>", File.ReadAllText(Path.Combine(scratch.Handouts, "index.html")), StringComparison.Ordinal);
        Assert.Contains("Student edition", File.ReadAllText(Path.Combine(scratch.StudentHandouts, "index.html")), StringComparison.Ordinal);
        Assert.Contains("artifacts/course/student-handouts/index.html", output.ToString().Replace('\\', '/'), StringComparison.Ordinal);
    }
}
