using System.Runtime;
using System.Text.Json.Nodes;

namespace DeepLearningCourse.Notebooks.Tests;

/// <summary>
/// Notebooks run in-process next to the compiler's heap, where the workstation collector's small gen-0 budget cost a
/// collection of ~1.4 ms nearly every training step; dlc and this test process use the server collector instead.
/// </summary>
public sealed class GarbageCollectorTests
{
    [Fact]
    public void The_notebook_tests_run_with_the_server_collector()
    {
        Assert.True(GCSettings.IsServerGC,
            "the notebook tests should run with <ServerGarbageCollection>true</ServerGarbageCollection> (or DOTNET_gcServer=1 was overridden to 0)");
    }

    [Fact]
    public void Dlc_is_configured_for_the_server_collector()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "dlc.runtimeconfig.json");
        Assert.True(File.Exists(config), $"{config} is missing: the test project should copy dlc's runtime configuration next to it");
        var properties = JsonNode.Parse(File.ReadAllText(config))!["runtimeOptions"]!["configProperties"];
        Assert.True(properties?["System.GC.Server"]?.GetValue<bool>() == true,
            $"{config} should set System.GC.Server to true (<ServerGarbageCollection> in DeepLearningCourse.Cli.csproj)");
    }
}
