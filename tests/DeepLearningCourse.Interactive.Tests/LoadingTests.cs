using System.Reflection;
using System.Runtime.Loader;
using Plotly.NET;

namespace DeepLearningCourse.Interactive.Tests;

public class LoadingTests
{
    [Fact]
    public void A_request_for_another_version_gets_the_copy_already_loaded()
    {
        Assembly fsharpCore = typeof(Microsoft.FSharp.Core.FSharpOption<int>).Assembly;
        var resolved = AssemblyRedirects.Resolve(AssemblyLoadContext.Default, new AssemblyName("FSharp.Core, Version=99.0.0.0"));
        Assert.Same(fsharpCore, resolved);
    }

    [Fact]
    public void An_assembly_nobody_loaded_is_left_to_the_host()
    {
        Assert.Null(AssemblyRedirects.Resolve(AssemblyLoadContext.Default, new AssemblyName("No.Such.Assembly, Version=1.0.0.0")));
    }

    [Fact]
    public void Text_that_would_close_the_script_element_is_escaped()
    {
        var chart = Plot.Lines("</script><b>x", "x", "y", ("s", [0.0, 1], [0.0, 1]));
        string html = PlotlyHtml.ToHtml(chart, includeScript: false);
        Assert.Contains("<\\/script><b>x", html);
        Assert.Equal(1, html.Split("</script>").Length - 1); // only the chart's own closing tag
    }

    [Fact]
    public void Plotly_js_comes_from_the_plotly_net_resource()
    {
        Assert.Contains(PlotlyHtml.PlotlyJsResource, typeof(GenericChart).Assembly.GetManifestResourceNames());
        Assert.StartsWith("/**\n* plotly.js v2.28.0", PlotlyHtml.PlotlyJs.TrimStart());
        Assert.Contains("window.Plotly", PlotlyHtml.ScriptElement());
    }
}
