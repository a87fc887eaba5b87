using System.Globalization;
using System.Text.Json;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Headline numbers: the few results a notebook is about (final accuracy, a speed-up). <see cref="Record"/> shows the number
/// and, in the same display, emits <c>application/vnd.dlc.headline+json</c> <c>{"key":…,"value":…}</c>, which the headless
/// runner collects per notebook so tests can assert them.
/// </summary>
public static class Headline
{
    /// <summary>The mime type the runner collects.</summary>
    public const string MimeType = "application/vnd.dlc.headline+json";

    /// <summary>Shows and emits one headline number.</summary>
    public static void Record(string key, double value, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var headline = new HeadlineValue(key, value, description);
        KernelOutput.Show(headline, CourseFormatters.Html, MimeType);
    }
}

/// <summary>One headline number.</summary>
public sealed record HeadlineValue(string Key, double Value, string? Description)
{
    /// <summary><c>{"key":"…","value":…}</c> plus <c>"description"</c> when given. Non-finite values are written as null.</summary>
    public string ToJson()
    {
        var payload = new Dictionary<string, object?> { ["key"] = Key, ["value"] = double.IsFinite(Value) ? Value : null };
        if (Description is not null) payload["description"] = Description;
        return JsonSerializer.Serialize(payload);
    }

    public string ToHtml() =>
        "<div class=\"dlc-headline\" style=\"font-family:sans-serif\"><b>" + HtmlText.Encode(Key) + "</b> = <code>" +
        HtmlText.Encode(FormattedValue) + "</code>" + (Description is null ? "" : " — " + HtmlText.Encode(Description)) + "</div>";

    public override string ToString() => $"{Key} = {FormattedValue}" + (Description is null ? "" : $" — {Description}");

    // Whole numbers (parameter counts, region counts) in full with thousands separators; others to 6 significant digits.
    private string FormattedValue => double.IsFinite(Value) && Value == Math.Floor(Value) && Math.Abs(Value) < 1e15
        ? Value.ToString("#,0", CultureInfo.InvariantCulture)
        : Value.ToString("G6", CultureInfo.InvariantCulture);
}
