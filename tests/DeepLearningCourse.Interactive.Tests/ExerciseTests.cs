using System.Text.Json;
using Microsoft.DotNet.Interactive.Formatting;

namespace DeepLearningCourse.Interactive.Tests;

public sealed class ExerciseTests : IDisposable
{
    private readonly string? _strictBefore = Environment.GetEnvironmentVariable(Exercise.StrictVariable);

    public void Dispose() => Environment.SetEnvironmentVariable(Exercise.StrictVariable, _strictBefore);

    [Fact]
    public void Strict_mode_throws_on_a_wrong_answer_and_passes_a_right_one()
    {
        using var capture = new DisplayCapture();
        Environment.SetEnvironmentVariable(Exercise.StrictVariable, "1");
        Exercise.Check("right", true, "unused");
        var ex = Assert.Throws<ExerciseFailedException>(() => Exercise.Check("wrong", false, "look at the sign"));
        Assert.Contains("wrong", ex.Message);
        Assert.Contains("look at the sign", ex.Message);
        Assert.Equal(2, capture.Shown.Count);
        Assert.Equal("✔ right: correct", capture.Shown[0].Value.ToString());
    }

    [Fact]
    public void Without_strict_mode_a_wrong_answer_shows_the_hint_and_does_not_throw()
    {
        using var capture = new DisplayCapture();
        Environment.SetEnvironmentVariable(Exercise.StrictVariable, null);
        Exercise.CheckClose("slope", 1.5, 2.0, 0.01, "differentiate x²");
        var result = Assert.IsType<ExerciseResult>(capture.Shown.Single().Value);
        Assert.False(result.Passed);
        Assert.StartsWith("✘ slope: not yet — differentiate x²", result.ToString());
        Assert.Contains("got 1.5, expected 2", result.ToString());
        Assert.Contains("#c5221f", result.ToDisplayString("text/html"));
    }

    [Fact]
    public void Tensor_checks_report_the_shape_or_the_worst_value()
    {
        using var capture = new DisplayCapture();
        Environment.SetEnvironmentVariable(Exercise.StrictVariable, null);
        var expected = Tensor.FromArray([1f, 2f, 3f]);
        Exercise.CheckClose("same", Tensor.FromArray([1f, 2f, 3.0001f]), expected, 1e-3, "h");
        Exercise.CheckClose("off", Tensor.FromArray([1f, 2.5f, 3f]), expected, 1e-3, "h");
        Exercise.CheckClose("shape", Tensor.Zeros(3, 1), expected, 1e-3, "h");
        Exercise.CheckShape("shape2", Tensor.Zeros(3, 1), [3, 1], "h");
        Exercise.CheckEqual("count", 3, 4, "h");
        Exercise.CheckClose("matrix", Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 9f], 2, 3), Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3), 1e-3, "h");
        var results = capture.Shown.Select(s => (ExerciseResult)s.Value).ToList();
        Assert.Equal([true, false, false, true, false, false], results.Select(r => r.Passed));
        Assert.Contains("largest difference 0.5 at index 1: got 2.5, expected 2", results[1].Hint);
        Assert.Contains("largest difference 3 at [1, 2]: got 9, expected 6", results[5].Hint);
        Assert.Contains("[3, 1]", results[2].Hint);
        Assert.Contains("got 3, expected 4", results[4].Hint);
    }

    [Fact]
    public void Headline_is_shown_with_html_and_the_headline_json_mime_type()
    {
        using var capture = new DisplayCapture();
        Headline.Record("xor.accuracy", 0.975, "test accuracy");
        var (value, mimeTypes) = capture.Shown.Single();
        Assert.Equal(["text/html", Headline.MimeType], mimeTypes);
        var json = JsonDocument.Parse(value.ToDisplayString(Headline.MimeType)).RootElement;
        Assert.Equal("xor.accuracy", json.GetProperty("key").GetString());
        Assert.Equal(0.975, json.GetProperty("value").GetDouble());
        Assert.Equal("test accuracy", json.GetProperty("description").GetString());
        Assert.Contains("<b>xor.accuracy</b> = <code>0.975</code>", value.ToDisplayString("text/html"));
        Assert.Throws<ArgumentException>(() => Headline.Record(" ", 1));
    }

    [Theory]
    [InlineData(18880512.0, "18,880,512")]
    [InlineData(37.0, "37")]
    [InlineData(-2.0, "-2")]
    [InlineData(2.3849e-07, "2.3849E-07")]
    [InlineData(0.819393123, "0.819393")]
    [InlineData(double.NaN, "NaN")]
    public void Headline_shows_whole_numbers_in_full_and_others_to_six_digits(double value, string shown)
    {
        using var capture = new DisplayCapture();
        Headline.Record("n", value);
        Assert.Contains($"= <code>{shown}</code>", capture.Shown.Single().Value.ToDisplayString("text/html"));
    }

    [Fact]
    public void Hint_is_an_html_block()
    {
        using var capture = new DisplayCapture();
        Exercise.Hint("use <b>the chain rule</b>");
        string html = capture.Shown.Single().Value.ToDisplayString("text/html");
        Assert.Contains("<b>Hint</b>", html);
        Assert.Contains("&lt;b&gt;the chain rule", html); // hint text is escaped
    }
}
