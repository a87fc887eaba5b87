namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture03LinearRegionsTests
{
    private const string Name = "03-linear-regions";

    [Fact]
    public async Task Grid_counts_of_random_lines_match_Zaslavsky_for_one_to_eight_lines()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Name);
        Assert.Equal(1, r.Headline("03.zaslavsky_match"));
        Assert.Equal(37, r.Headline("03.regions_8_lines")); // C(8,2) + 8 + 1
    }

    [Fact]
    public async Task Folding_network_quadruples_its_regions_per_layer_and_beats_any_shallow_net_of_its_size()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Name);
        Assert.Equal(1, r.Headline("03.folding_quadruples"));
        Assert.Equal(1024, r.Headline("03.folding_regions"));        // 4^5
        Assert.True(r.Headline("03.folding_shallow_max") < r.Headline("03.folding_regions"));
    }

    [Fact]
    public async Task Random_networks_stay_far_below_the_Montufar_bound()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Name);
        Assert.Equal(151552, r.Headline("03.montufar_bound"));       // (⌊8/2⌋²)³ · 37
        Assert.InRange(r.Headline("03.deep_regions_random"), 20, r.Headline("03.montufar_bound") / 100);
        Assert.InRange(r.Headline("03.shallow_regions_random"), 20, 1954); // at most C(62,2) + 62 + 1
    }

    [Fact]
    public async Task Runs_in_under_a_minute()
    {
        var r = await CourseNotebookRuns.SucceededAsync(Name);
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"{Name} took {r.Duration.TotalSeconds:0.0} s");
    }
}
