namespace DeepLearningCourse.Engine.Tests.Training;

public class TrainerTests
{
    private static (Sequential Model, Trainer Trainer) Classifier(int seed, float learningRate = 0.05f)
    {
        var random = new Random(seed);
        var model = new Sequential(new Linear(2, 8, random), new Tanh(), new Linear(8, 2, random));
        return (model, new Trainer(model, new Adam(model.Parameters(), learningRate), Loss.SoftmaxCrossEntropy, classification: true));
    }

    [Fact]
    public void Fit_records_steps_epochs_and_validation_as_plain_lists()
    {
        var data = Datasets.Moons(100, 0.1f, new Random(1));
        var split = DataSplit.Create(data, 0.2, new Random(2));
        var (_, trainer) = Classifier(3);
        var history = trainer.Fit(split.Train, epochs: 5, batchSize: 16, new Random(4), split.Validation);

        int stepsPerEpoch = (80 + 15) / 16;
        Assert.Equal(5 * stepsPerEpoch, history.Steps);
        Assert.Equal(history.Steps, history.StepAccuracy.Count);
        Assert.Equal(history.Steps, history.StepGradientNorm.Count);
        Assert.Equal(history.Steps, history.StepLearningRate.Count);
        Assert.Equal(5, history.Epochs);
        Assert.Equal(5, history.ValidationLoss.Count);
        Assert.Equal(5, history.ValidationAccuracy.Count);
        Assert.All(history.StepGradientNorm, n => Assert.True(n > 0));
        Assert.True(history.EpochLoss[^1] < history.EpochLoss[0], history.ToString());
        Assert.Equal(history.ValidationLoss[^1], trainer.Evaluate(split.Validation).Loss, 5);
        Assert.Contains("epoch    5", history.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Epoch_loss_is_the_batch_weighted_mean_of_step_losses()
    {
        var data = Datasets.Moons(21, 0.1f, new Random(1));
        var (_, trainer) = Classifier(3);
        var history = trainer.Fit(data, epochs: 1, batchSize: 8, new Random(4)); // batches of 8, 8, 5
        double expected = (8 * history.StepLoss[0] + 8 * history.StepLoss[1] + 5 * history.StepLoss[2]) / 21;
        Assert.Equal(expected, history.EpochLoss[0], 10);
    }

    [Fact]
    public void Callbacks_fire_per_step_and_per_epoch()
    {
        var data = Datasets.Moons(40, 0.1f, new Random(1));
        var (_, trainer) = Classifier(3);
        var steps = new List<int>();
        var epochs = new List<int>();
        trainer.OnStep = s => steps.Add(s.Step);
        trainer.OnEpoch = e => epochs.Add(e.Epoch);
        trainer.Fit(data, epochs: 3, batchSize: 10, new Random(4));
        Assert.Equal(Enumerable.Range(0, 12), steps);
        Assert.Equal([0, 1, 2], epochs);
    }

    [Fact]
    public void Schedule_is_stepped_per_epoch_and_recorded()
    {
        var data = Datasets.Moons(40, 0.1f, new Random(1));
        var (_, trainer) = Classifier(3, learningRate: 0.1f);
        trainer.Schedule = new StepDecay(trainer.Optimizer, stepSize: 1, gamma: 0.5f);
        var history = trainer.Fit(data, epochs: 3, batchSize: 40, new Random(4));
        Assert.Equal([0.1, 0.05, 0.025], history.StepLearningRate, (a, b) => Math.Abs(a - b) < 1e-7);
        Assert.Equal(0.0125, history.EpochLearningRate[^1], 7);
    }

    [Fact]
    public void Clipping_records_the_pre_clip_norm_and_limits_the_step()
    {
        var data = Datasets.Moons(40, 0.1f, new Random(1));
        var random = new Random(5);
        var model = new Sequential(new Linear(2, 4, random), new Tanh(), new Linear(4, 2, random));
        var before = model.SaveState();
        var trainer = new Trainer(model, new SGD(model.Parameters(), 1f), Loss.SoftmaxCrossEntropy) { ClipGradientNorm = 1e-3 };
        var history = trainer.Fit(data, epochs: 1, batchSize: 40, new Random(4));
        Assert.True(history.StepGradientNorm[0] > 1e-3);
        // With lr 1 the whole update has norm exactly maxNorm.
        double moved = Math.Sqrt(model.SaveState().Zip(before).Sum(p => p.First.Zip(p.Second).Sum(v => Math.Pow(v.First - v.Second, 2))));
        Assert.Equal(1e-3, moved, 6);
        Assert.Empty(history.StepAccuracy);
    }

    [Fact]
    public void EarlyStopping_ends_training_and_restores_the_best_epoch()
    {
        // Random labels: validation loss soon rises as the network memorizes the training set.
        var data = Datasets.RandomLabels(120, 2, 2, new Random(1));
        var split = DataSplit.Create(data, 0.5, new Random(2));
        var random = new Random(3);
        var model = new Sequential(new Linear(2, 64, random), new ReLU(), new Linear(64, 2, random));
        var trainer = new Trainer(model, new Adam(model.Parameters(), 0.02f), Loss.SoftmaxCrossEntropy, classification: true)
        {
            EarlyStopping = new EarlyStopping(patience: 3),
        };
        var history = trainer.Fit(split.Train, epochs: 200, batchSize: 20, new Random(4), split.Validation);
        Assert.True(history.StoppedEarly, history.ToString());
        Assert.Equal(history.BestEpoch + 4, history.Epochs);
        Assert.Equal(history.ValidationLoss.Min(), trainer.Evaluate(split.Validation).Loss, 5);
    }

    [Fact]
    public void Best_weights_are_restored_even_when_all_epochs_run()
    {
        var data = Datasets.RandomLabels(120, 2, 2, new Random(1));
        var split = DataSplit.Create(data, 0.5, new Random(2));
        var random = new Random(3);
        var model = new Sequential(new Linear(2, 64, random), new ReLU(), new Linear(64, 2, random));
        var trainer = new Trainer(model, new Adam(model.Parameters(), 0.02f), Loss.SoftmaxCrossEntropy, classification: true)
        {
            EarlyStopping = new EarlyStopping(patience: 1000),
        };
        var history = trainer.Fit(split.Train, epochs: 30, batchSize: 20, new Random(4), split.Validation);
        Assert.False(history.StoppedEarly);
        Assert.True(history.BestEpoch < 29, "the last epoch should not be the best on random labels");
        Assert.Equal(history.ValidationLoss.Min(), trainer.Evaluate(split.Validation).Loss, 5);
    }

    [Fact]
    public void EarlyStopping_without_validation_data_is_explained()
    {
        var (_, trainer) = Classifier(1);
        trainer.EarlyStopping = new EarlyStopping(2);
        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(Datasets.Xor(), 1, 4, new Random(1)));
        Assert.Contains("validation", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_records_no_graph_and_keeps_training_mode()
    {
        var (model, trainer) = Classifier(1);
        var (loss, accuracy) = trainer.Evaluate(Datasets.Xor());
        Assert.True(loss > 0);
        Assert.NotNull(accuracy);
        Assert.True(model.IsTraining);
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }
}
