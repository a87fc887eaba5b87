using System.Reflection;
using System.Text;
using Plotly.NET;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Offline rendering of Plotly.NET charts: plotly.js comes from Plotly.NET.dll's embedded resource (never a CDN) and is
/// emitted once per notebook, in <c>&lt;script id="dlc-plotly-js"&gt;</c>, before the first chart. Each chart is a div plus
/// <c>Plotly.newPlot</c>; the same display also carries the figure as <c>application/vnd.plotly.v1+json</c> for exporters.
/// </summary>
public static class PlotlyHtml
{
    /// <summary>Mime type of the figure JSON that accompanies every chart.</summary>
    public const string FigureMimeType = "application/vnd.plotly.v1+json";

    /// <summary>Name of the plotly.js resource inside Plotly.NET.dll.</summary>
    public const string PlotlyJsResource = "Plotly.NET.plotly-2.28.0.min.js";

    /// <summary>The id of the script element holding plotly.js (the handout exporter drops it and puts plotly.js in the page head).</summary>
    public const string ScriptId = "dlc-plotly-js";

    private static readonly Lazy<string> s_plotlyJs = new(LoadPlotlyJs);
    private static int s_scriptEmitted;

    /// <summary>The plotly.js source embedded in Plotly.NET.dll.</summary>
    public static string PlotlyJs => s_plotlyJs.Value;

    /// <summary>Makes the next chart carry plotly.js again (Course.Setup calls this at the top of each notebook).</summary>
    public static void ResetScriptFlag() => Interlocked.Exchange(ref s_scriptEmitted, 0);

    /// <summary>True once a chart carried plotly.js since the last <see cref="ResetScriptFlag"/>.</summary>
    public static bool ScriptAlreadyEmitted => Volatile.Read(ref s_scriptEmitted) != 0;

    /// <summary>Marks plotly.js as emitted; true for the one caller that must now emit it (see <see cref="ScriptElement"/>).</summary>
    public static bool ClaimScript() => Interlocked.Exchange(ref s_scriptEmitted, 1) == 0;

    /// <summary>
    /// The chart as HTML. <paramref name="includeScript"/>: true always embeds plotly.js, false never, null embeds it
    /// only for the first chart since the last <see cref="ResetScriptFlag"/>.
    /// </summary>
    public static string ToHtml(GenericChart chart, bool? includeScript = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        bool script = includeScript ?? ClaimScript();
        if (script) Interlocked.Exchange(ref s_scriptEmitted, 1);
        string id = "dlc-chart-" + Guid.NewGuid().ToString("N")[..12];
        string figure = FigureJson.Compact(GenericChart.toFigureJson(chart));
        int height = FigureHeight(chart);
        var html = new StringBuilder(figure.Length + 512 + (script ? PlotlyJs.Length + 200 : 0));
        if (script) html.Append(ScriptElement());
        html.Append("<div id=\"").Append(id).Append("\" style=\"width:100%;height:").Append(height).Append("px\"></div>\n");
        html.Append("<script>(function(){var fig=").Append(EscapeScript(figure)).Append(";var tries=0;")
            .Append("function draw(){if(window.Plotly){window.Plotly.newPlot('").Append(id)
            .Append("',fig.data,fig.layout,{responsive:true,displaylogo:false});}else if(tries++<100){setTimeout(draw,50);}}draw();})();</script>");
        return html.ToString();
    }

    /// <summary>The figure (data + layout) as compact JSON (<see cref="FigureJson.Compact"/>), the payload of <see cref="FigureMimeType"/>.</summary>
    public static string ToFigureJson(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return FigureJson.Compact(GenericChart.toFigureJson(chart));
    }

    /// <summary>
    /// <c>&lt;script id="dlc-plotly-js"&gt;</c> with plotly.js; AMD/CommonJS globals are hidden so the bundle sets
    /// <c>window.Plotly</c> even where require.js is present, and a page that already has Plotly skips it.
    /// </summary>
    public static string ScriptElement() =>
        "<script id=\"" + ScriptId + "\">if(!window.Plotly){(function(define,module,exports){\n" + EscapeScript(PlotlyJs) +
        "\n}).call(window,undefined,undefined,undefined);}</script>\n";

    private static int FigureHeight(GenericChart chart)
    {
        var layout = GenericChart.getLayout(chart);
        if (layout.TryGetPropertyValue("height")?.Value is int h) return h;
        return 420;
    }

    // "</script" inside a script element would end it early.
    private static string EscapeScript(string js) => js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);

    private static string LoadPlotlyJs()
    {
        Assembly plotly = typeof(GenericChart).Assembly;
        using Stream stream = plotly.GetManifestResourceStream(PlotlyJsResource)
            ?? throw new InvalidOperationException($"PlotlyHtml: Plotly.NET.dll has no resource '{PlotlyJsResource}'; check the Plotly.NET version (6.0.0 expected).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
