namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture13AutoencodersEmbeddingsTests
{
    [Fact]
    public async Task Autoencoder_notebook_matches_pca_beats_it_non_linearly_and_transfers_features()
    {
        var r = await CourseNotebookRuns.SucceededAsync("13-autoencoders-embeddings");
        double pca = r.Headline("13.pca_error"), linear = r.Headline("13.linear_ae_error"), deep = r.Headline("13.nonlinear_ae_error");
        // PCA is the best linear code: the linear autoencoder reaches it from above and spans the same subspace.
        Assert.True(linear >= pca * 0.999, $"linear AE {linear} below PCA {pca}");
        Assert.True(linear <= pca * 1.05, $"linear AE {linear} far from PCA {pca}");
        Assert.True(r.Headline("13.linear_ae_max_angle_deg") < 5, $"largest principal angle {r.Headline("13.linear_ae_max_angle_deg")}°");
        Assert.True(deep < pca, $"non-linear AE {deep} should beat PCA {pca} at the same code size");

        Assert.True(r.Headline("13.knn_features") > r.Headline("13.knn_pixels"));
        Assert.True(r.Headline("13.probe_features") >= r.Headline("13.probe_pixels") + 0.03,
            $"transfer: features {r.Headline("13.probe_features"):P1} vs pixels {r.Headline("13.probe_pixels"):P1}");
        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
