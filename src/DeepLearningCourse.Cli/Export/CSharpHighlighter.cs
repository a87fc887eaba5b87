using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepLearningCourse.Cli;

/// <summary>
/// Simple C# syntax styling for handouts: comments, strings, numbers, keywords and <c>#r</c>-style directives become
/// <c>&lt;span class="tok-…"&gt;</c>; everything else is escaped text. A lexer, not a parser: good enough to read code.
/// </summary>
public static partial class CSharpHighlighter
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
        "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit",
        "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "init", "int",
        "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "record", "ref", "return", "sbyte",
        "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true",
        "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "var", "virtual", "void",
        "volatile", "while", "yield", "when", "with", "and", "or", "not", "get", "set", "value",
    };

    [GeneratedRegex(""""
        (?<comment>//[^\n]*|/\*[\s\S]*?\*/)
        |(?<directive>^[ \t]*\#!?[a-z]+[^\n]*)
        |(?<string>\$?"""[\s\S]*?"""|\$?@"(?:[^"]|"")*"|@?\$"(?:[^"\\\n]|\\.)*"|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)')
        |(?<number>\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[fFdDmMlLuU]?\b)
        |(?<word>\b[A-Za-z_][A-Za-z0-9_]*\b)
        """", RegexOptions.IgnorePatternWhitespace | RegexOptions.Multiline)]
    private static partial Regex Token();

    /// <summary>HTML for <paramref name="code"/> (escaped, with token spans).</summary>
    public static string Highlight(string code)
    {
        var html = new StringBuilder(code.Length * 2);
        var position = 0;
        foreach (Match match in Token().Matches(code))
        {
            html.Append(WebUtility.HtmlEncode(code[position..match.Index]));
            var kind = match.Groups["comment"].Success ? "comment"
                : match.Groups["directive"].Success ? "directive"
                : match.Groups["string"].Success ? "string"
                : match.Groups["number"].Success ? "number"
                : Keywords.Contains(match.Value) ? "keyword"
                : match.Value.Length > 0 && char.IsUpper(match.Value[0]) ? "type"
                : null;
            var text = WebUtility.HtmlEncode(match.Value);
            html.Append(kind is null ? text : $"<span class=\"tok-{kind}\">{text}</span>");
            position = match.Index + match.Length;
        }

        html.Append(WebUtility.HtmlEncode(code[position..]));
        return html.ToString();
    }
}
