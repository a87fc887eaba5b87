namespace DeepLearningCourse.Notebooks.Tests;

public sealed class HandoutMathTests
{
    [Fact]
    public void Inline_math_split_by_a_line_break_is_joined()
    {
        Assert.Equal("with $\\partial h_t/\\partial h_{t-1} \\supseteq \\operatorname{diag}(z_t)$.",
            HandoutExporter.InlineMathOnOneLine("with $\\partial h_t/\\partial h_{t-1}\n\\supseteq \\operatorname{diag}(z_t)$."));
    }

    [Theory]
    [InlineData("costs $5 per\nline and $6.")] // "$" after a space does not close math
    [InlineData("$a$ and\n$b$")]
    [InlineData("```\nvar s = $\"x\n{y}\";\n```")]
    [InlineData("$$\nx\n$$")]
    public void Other_dollars_and_line_breaks_are_left_alone(string markdown)
    {
        Assert.Equal(markdown, HandoutExporter.InlineMathOnOneLine(markdown));
    }

    [Fact]
    public void The_handout_renders_wrapped_inline_math_as_math()
    {
        var path = TestNotebooks.Write(Path.Combine(TestPaths.Scratch("wrapped-math"), "01-math.ipynb"),
            TestNotebooks.Markdown("# Math\n\nthe path $\\partial h_t/\\partial h_{t-1}\n\\supseteq z_t$ stays."));
        var html = new HandoutExporter(notebookLibrary: TestPaths.Course.NotebookLibrary).Render(NotebookFile.Load(path), out _, out _);
        Assert.Contains("<span class=\"math\">\\(\\partial h_t/\\partial h_{t-1} \\supseteq z_t\\)</span>", html, StringComparison.Ordinal);
    }
}
