namespace DeepLearningCourse.Benchmarks.Tests;

public sealed class RoundsSummaryTests
{
    private static ComparedRow Sgemm(double ours, double peer) =>
        new("sgemm", "n = 2048", ours, "GFLOP/s", new PeerResult("sgemm-2048", "numpy", peer, "GFLOP/s", "SGEMM n = 2048", ""), ours / peer);

    private static ComparedRow Lstm(double ours, double peer) =>
        new("lstm", "fused", ours, "ms", new PeerResult("lstm-step", "torch", peer, "ms", "LSTM fwd+bwd", ""), peer / ours);

    [Fact]
    public void Rounds_give_median_figures_and_every_ratio_lowest_first()
    {
        var rounds = new List<IReadOnlyList<ComparedRow>>
        {
            new[] { Sgemm(400, 300), Lstm(3.0, 18) },
            new[] { Sgemm(360, 400), Lstm(6.0, 18) },
            new[] { Sgemm(380, 380), Lstm(4.0, 16) },
        };

        string table = RoundsSummary.Markdown(rounds, "Test CPU", "torch 1.13");

        Assert.Contains("== Side by side with PyTorch (CPU) over 3 rounds, markdown", table);
        Assert.Contains("- ours: Test CPU", table);
        Assert.Contains("- peer: torch 1.13", table);
        Assert.Contains("| SGEMM n = 2048 | 380 GFLOP/s | numpy + OpenBLAS | 380 GFLOP/s | 0.90×, 1.00×, 1.33× | 1.00× |", table);
        Assert.Contains("| LSTM fwd+bwd | 4.00 ms | PyTorch | 18.0 ms | 3.00×, 4.00×, 6.00× | 4.00× |", table);
    }

    [Fact]
    public void Each_rounds_machine_state_is_listed_under_the_headers()
    {
        var rounds = new List<IReadOnlyList<ComparedRow>> { new[] { Sgemm(400, 400) }, new[] { Sgemm(380, 400) } };
        var states = new List<IReadOnlyList<string>> { new[] { "FMA peak on 2 threads 427 GFLOP/s (median run 414)" }, new[] { "FMA peak on 2 threads 214 GFLOP/s (median run 201)", "handoff 2.3 µs" } };

        string table = RoundsSummary.Markdown(rounds, "cpu", "peer", states);

        Assert.Contains("- round 1: FMA peak on 2 threads 427 GFLOP/s (median run 414)\n", table.ReplaceLineEndings("\n"));
        Assert.Contains("- round 2: FMA peak on 2 threads 214 GFLOP/s (median run 201); handoff 2.3 µs\n", table.ReplaceLineEndings("\n"));
        Assert.True(table.IndexOf("- round 2:", StringComparison.Ordinal) < table.IndexOf("| workload |", StringComparison.Ordinal));
        Assert.DoesNotContain("- round", RoundsSummary.Markdown(rounds, "cpu", "peer"));
    }

    [Fact]
    public void A_row_missing_from_some_rounds_says_how_many_it_has()
    {
        var rounds = new List<IReadOnlyList<ComparedRow>> { new[] { Sgemm(400, 400) }, Array.Empty<ComparedRow>() };

        Assert.Contains("| 1.00× (1 of 2 rounds) | 1.00× |", RoundsSummary.Markdown(rounds, "cpu", "peer"));
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(2.5, RoundsSummary.Median([4, 1, 2, 3]));
        Assert.Equal(3, RoundsSummary.Median([5, 3, 1]));
        Assert.Throws<ArgumentException>(() => RoundsSummary.Median([]));
    }
}
