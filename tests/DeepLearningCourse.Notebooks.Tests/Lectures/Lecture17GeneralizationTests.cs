namespace DeepLearningCourse.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class Lecture17GeneralizationTests
{
    [Fact]
    public async Task Generalization_notebook_measures_sharpness_reparametrization_adversarial_accuracy_and_implicit_bias()
    {
        var r = await CourseNotebookRuns.SucceededAsync("17-generalization");

        // Power iteration on Hessian-vector products recovers the known top eigenvalue of a 3×3 quadratic.
        Assert.InRange(r.Headline("17.quadratic_power_iteration_error"), 0, 1e-3);

        // Same network, data and epochs: small-batch SGD ends much flatter than large-batch training, which sits at or
        // above gradient descent's stability limit 2/η, and it generalizes better.
        double small = r.Headline("17.small_batch_lambda_max"), large = r.Headline("17.large_batch_lambda_max");
        Assert.InRange(small, 1, 8);
        Assert.True(large > 2 * small, $"λ_max small batch {small} vs large batch {large}");
        Assert.InRange(r.Headline("17.large_batch_lambda_times_rate"), 1.5, 4.5);
        double smallTest = r.Headline("17.small_batch_test_accuracy"), largeTest = r.Headline("17.large_batch_test_accuracy");
        Assert.InRange(smallTest, 0.74, 0.86);
        Assert.True(smallTest > largeTest + 0.03, $"test accuracy small batch {smallTest} vs large batch {largeTest}");

        // Rescaling the ReLU layers keeps every output (float rounding) but changes λ_max by a large factor; the
        // curvature along the second layer grows by α² = 100.
        Assert.InRange(r.Headline("17.rescaled_max_output_difference"), 0, 1e-4);
        Assert.True(r.Headline("17.rescaled_lambda_ratio") > 10, $"λ_max ratio {r.Headline("17.rescaled_lambda_ratio")}");
        Assert.True(r.Headline("17.rescaled_lambda_max") > large, "the rescaled small-batch model is sharper than the large-batch one");
        Assert.InRange(r.Headline("17.measured_curvature_factor"), 97, 103);

        // Fast gradient sign: clean accuracy high, accuracy falls (monotonically up to sampling noise) to far below it,
        // while random ±ε changes of the same size barely matter.
        double clean = r.Headline("17.fgsm_clean_accuracy"), attacked = r.Headline("17.fgsm_accuracy_at_largest_epsilon");
        Assert.InRange(clean, 0.74, 0.86);
        Assert.InRange(attacked, 0, 0.2);
        Assert.InRange(r.Headline("17.fgsm_largest_accuracy_rise"), -1, 0.005);
        Assert.True(r.Headline("17.random_sign_accuracy_at_largest_epsilon") > clean - 0.15, "random signs of the same size must hurt far less");

        // Implicit bias: GD and SGD from zero find the minimum-norm interpolating solution; from a random start GD ends
        // exactly the null-space part of the start away from it.
        Assert.InRange(r.Headline("17.gd_residual"), 0, 1e-3);
        Assert.InRange(r.Headline("17.gd_distance_to_minimum_norm"), 0, 1e-3);
        Assert.InRange(r.Headline("17.sgd_distance_to_minimum_norm"), 0, 1e-3);
        double predicted = r.Headline("17.random_start_predicted_distance");
        Assert.True(predicted > 1, $"the random start's null-space part {predicted} must be large");
        Assert.Equal(predicted, r.Headline("17.random_start_distance"), predicted * 1e-3);

        Assert.True(r.Duration < TimeSpan.FromSeconds(60), $"took {r.Duration}");
    }
}
