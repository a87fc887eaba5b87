namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture18DistillationAndKnnTests
{
    [Fact]
    public async Task Knn_vs_network_notebook_shows_instant_new_data_and_distillation_beating_labels()
    {
        var r = await CourseNotebookRuns.SucceededAsync("18-distillation-and-knn");

        // k-NN on pixels: about 80% with one neighbour, a few points more with a handful voting.
        double oneNn = r.Headline("18.knn_1nn_accuracy"), bestKnn = r.Headline("18.knn_best_accuracy");
        Assert.InRange(oneNn, 0.75, 0.86);
        Assert.InRange(bestKnn, oneNn, 0.88);
        Assert.InRange(r.Headline("18.knn_best_k"), 2, 20);
        // The network on the same data is more accurate, and far cheaper to query (the k-NN compares M·N·D).
        Assert.True(r.Headline("18.network_accuracy") >= 0.84, $"network accuracy {r.Headline("18.network_accuracy")}");
        Assert.True(r.Headline("18.network_accuracy") > bestKnn, "the text says the network beats the k-NN here");
        Assert.Equal(2000.0 * 10000 * 784, r.Headline("18.knn_predict_multiply_adds"));
        Assert.Equal(2000.0 * (784 * 256 + 256 * 10), r.Headline("18.network_predict_multiply_adds"));

        // New data: the k-NN knows the new class as soon as 20 examples are stored, without disturbing the others;
        // with the larger k the few new examples are outvoted. The network needs gradient steps and is still behind.
        Assert.Equal(0, r.Headline("18.knn_new_class_before"));
        double knnAfter = r.Headline("18.knn_new_class_after");
        Assert.True(knnAfter > 0.5, $"1-NN accuracy on the new class after storing it: {knnAfter}");
        Assert.True(r.Headline("18.knn_new_class_after_best_k") < knnAfter);
        Assert.InRange(r.Headline("18.knn_old_classes_change"), -0.01, 0.01);
        Assert.True(r.Headline("18.network_new_class_before") < 0.01);
        Assert.Equal(2 * 71, r.Headline("18.retraining_steps"));   // two epochs of ceil(9,020 / 128) mini-batches
        double networkAfter = r.Headline("18.network_new_class_after_retraining");
        Assert.True(networkAfter > 0 && networkAfter < knnAfter, $"network after retraining {networkAfter} vs 1-NN {knnAfter}");

        // Distillation: same seeds, images and steps; the distilled student wins clearly and stays below the teacher.
        Assert.Equal(203530, r.Headline("18.teacher_parameters"));
        Assert.Equal(25450, r.Headline("18.student_parameters"));
        double teacher = r.Headline("18.teacher_accuracy");
        double labels = r.Headline("18.student_labels_accuracy"), distilled = r.Headline("18.student_distilled_accuracy");
        Assert.InRange(labels, 0.65, 0.8);
        Assert.Equal(1, r.Headline("18.student_labels_train_accuracy"));   // the text says it fits its 200 images perfectly
        Assert.True(distilled > labels + 0.02, $"distilled {distilled} vs labels only {labels}");
        Assert.True(distilled < teacher, $"distilled {distilled} vs teacher {teacher}");
        Assert.True(r.Headline("18.distillation_wins") >= 4, $"distillation won in {r.Headline("18.distillation_wins")} of 5 seeds");
        // A temperature above 1 helps more than T = 1 (the text says so).
        Assert.True(r.Headline("18.sweep_best_temperature") > 1);
        Assert.True(r.Headline("18.sweep_best_accuracy") > r.Headline("18.sweep_t1_accuracy"));

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
