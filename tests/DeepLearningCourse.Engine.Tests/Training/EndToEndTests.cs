namespace DeepLearningCourse.Engine.Tests.Training;

/// <summary>Whole training runs on small problems: the engine, optimizers and trainer working together.</summary>
public class EndToEndTests
{
    /// <summary>2-2-1 tanh network with Glorot-initialised weights, trained with Adam on the four XOR points.</summary>
    private static (Trainer Trainer, TrainingHistory History) TrainXor(int seed)
    {
        var random = new Random(seed);
        var hidden = new Linear(2, 2, random);
        var output = new Linear(2, 1, random);
        Init.GlorotUniform(hidden.Weight, random);
        Init.GlorotUniform(output.Weight, random);
        var model = new Sequential(hidden, new Tanh(), output);
        var (x, y) = Datasets.Xor();
        var trainer = new Trainer(model, new Adam(model.Parameters(), 0.1f), Loss.SigmoidBinaryCrossEntropy, classification: true);
        return (trainer, trainer.Fit(x, y.Reshape(4, 1), epochs: 300, batchSize: 4, random));
    }

    [Fact]
    public void A_2_2_1_network_learns_xor()
    {
        // Seed 4 was measured to reach 100% by epoch 46. (With only two hidden units about half the seeds get stuck in
        // the local minimum that solves two points: loss ln(2)/2 ≈ 0.347 — a good notebook exercise.)
        var (trainer, history) = TrainXor(seed: 4);
        var (x, y) = Datasets.Xor();
        var (loss, accuracy) = trainer.Evaluate(new Dataset(x, y.Reshape(4, 1)));
        Assert.Equal(1.0, accuracy);
        Assert.True(loss < 0.01, $"final XOR loss {loss}");
        Assert.Equal(1.0, history.EpochAccuracy[^1]);
    }

    [Fact]
    public void An_mlp_fits_a_noisy_sine()
    {
        var random = new Random(42);
        var data = Datasets.NoisyFunction(256, 0.1f, random);
        var model = new Sequential(new Linear(1, 32, random), new Tanh(), new Linear(32, 32, random), new Tanh(), new Linear(32, 1, random));
        var trainer = new Trainer(model, new Adam(model.Parameters(), 0.003f), Loss.MeanSquaredError);
        var history = trainer.Fit(data, epochs: 200, batchSize: 32, random);

        // Measured (Nov 2026): final training MSE 0.0118 (the noise variance is 0.01, the floor), and MSE 0.00025
        // against the noise-free sine. Thresholds leave room for rounding differences but fail if learning breaks.
        Assert.True(history.EpochLoss[^1] < 0.015, $"training MSE {history.EpochLoss[^1]}");
        var clean = Datasets.NoisyFunction(256, 0f, new Random(7));
        double cleanMse = trainer.Evaluate(clean).Loss;
        Assert.True(cleanMse < 0.002, $"MSE against sin(x): {cleanMse}");
    }

    [Fact]
    public void Two_runs_with_one_seed_give_identical_histories()
    {
        var (_, first) = TrainXor(seed: 4);
        var (_, second) = TrainXor(seed: 4);
        Assert.Equal(first.StepLoss, second.StepLoss);
        Assert.Equal(first.StepGradientNorm, second.StepGradientNorm);
        var (_, other) = TrainXor(seed: 5);
        Assert.NotEqual(first.StepLoss, other.StepLoss);
    }
}
