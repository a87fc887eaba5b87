using DeepLearningCourse.Engine;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Registers the course formatters (last registration wins, so these replace Plotly.NET.Interactive's CDN-based one).
/// </summary>
internal static class CourseFormatters
{
    public const string Html = "text/html";

    public static void Register()
    {
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(PlotlyHtml.ToHtml(chart)), Html);
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(PlotlyHtml.ToFigureJson(chart)), PlotlyHtml.FigureMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), Html, PlotlyHtml.FigureMimeType);

        Formatter.Register<LiveFigure>((figure, writer) => writer.Write(figure.ToHtml()), Html);
        Formatter.Register<LiveFigure>((figure, writer) => writer.Write(figure.ToFigureJson()), PlotlyHtml.FigureMimeType);
        Formatter.Register<Tensor>((tensor, writer) => writer.Write(TensorHtml.ToHtml(tensor)), Html);
        Formatter.Register<Module>((module, writer) => writer.Write(ModuleHtml.ToHtml(module)), Html);
        Formatter.Register<GraphDrawing>((drawing, writer) => writer.Write(drawing.ToHtml()), Html);
        Formatter.Register<ExerciseResult>((result, writer) => writer.Write(result.ToHtml()), Html);
        Formatter.Register<HeadlineValue>((headline, writer) => writer.Write(headline.ToHtml()), Html);
        Formatter.Register<HeadlineValue>((headline, writer) => writer.Write(headline.ToJson()), Headline.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(HeadlineValue), Html, Headline.MimeType);
        Formatter.Register<HtmlSnippet>((snippet, writer) => writer.Write(snippet.Html), Html);
    }
}

/// <summary>A piece of HTML shown as is (hints, notes).</summary>
public sealed record HtmlSnippet(string Html)
{
    public override string ToString() => Html;
}
