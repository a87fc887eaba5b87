using System.Text.RegularExpressions;

namespace DeepLearningCourse.Cli;

/// <summary>
/// Finds what would make a page load something from the network: http(s) or protocol-relative URLs in
/// <c>src=</c>, non-anchor <c>href=</c> (stylesheets, icons), CSS <c>@import</c>/<c>url()</c>, and script
/// <c>import</c>/<c>require</c> of URLs (inside scripts too), and any URL quoted by a script in the page body (output scripts). Links a reader may click (<c>&lt;a href&gt;</c>) are navigation, not resources,
/// and XML namespace URIs are names, so neither counts.
/// </summary>
public static partial class NetworkReferences
{
    [GeneratedRegex("""<(?<tag>[a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?\b(?<attr>src|href|srcset|data|poster)\s*=\s*["']?\s*(?<url>(?:https?:)?//[^"'\s>]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex AttributeReference();

    [GeneratedRegex("""(?:@import\s+(?:url\()?|url\()\s*["']?\s*(?<url>(?:https?:)?//[^"')\s]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex CssReference();

    [GeneratedRegex("""\b(?:import|require)\s*\(?\s*\[?\s*["'](?<url>https?://[^"']+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptReference();

    [GeneratedRegex("""(<script\b[^>]*>)([\s\S]*?)(</script>)""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptBody();

    [GeneratedRegex("""["'](?<url>(?:https?:)?//(?!www\.w3\.org/)[^"'\s]+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedUrl();

    /// <summary>Every network reference in <paramref name="html"/>, as "what: url"; empty when the page is self-contained.</summary>
    public static IReadOnlyList<string> Find(string html)
    {
        var found = new List<string>();
        // Markup inside inline scripts (plotly.js builds attribution links from strings) is not part of the page.
        var markup = ScriptBody().Replace(html, "$1$3");
        foreach (Match match in AttributeReference().Matches(markup))
        {
            var tag = match.Groups["tag"].Value.ToLowerInvariant();
            if (tag == "a" && match.Groups["attr"].Value.Equals("href", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            found.Add($"<{tag} {match.Groups["attr"].Value.ToLowerInvariant()}>: {match.Groups["url"].Value}");
        }

        foreach (Match match in CssReference().Matches(markup))
        {
            found.Add($"css: {match.Groups["url"].Value}");
        }

        foreach (Match match in ScriptReference().Matches(html))
        {
            found.Add($"script import: {match.Groups["url"].Value}");
        }

        // Scripts in the body come from outputs (the vendored libraries sit in the head): any URL they quote, e.g. a
        // require.js path to a CDN, is something they would fetch.
        var bodyStart = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        foreach (Match script in ScriptBody().Matches(bodyStart >= 0 ? html[bodyStart..] : html))
        {
            foreach (Match url in QuotedUrl().Matches(script.Groups[2].Value))
            {
                var entry = $"script url: {url.Groups["url"].Value}";
                if (!found.Contains(entry) && !found.Contains($"script import: {url.Groups["url"].Value}"))
                {
                    found.Add(entry);
                }
            }
        }

        return found;
    }
}
