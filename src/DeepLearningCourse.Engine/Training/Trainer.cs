namespace DeepLearningCourse.Engine;

/// <summary>What a <see cref="Trainer.OnStep"/> callback receives after each optimizer step.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Step">0-based step counted over the whole run.</param>
/// <param name="Loss">This mini-batch's loss.</param>
/// <param name="Accuracy">This mini-batch's accuracy, or null when not classifying.</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
/// <param name="History">Everything recorded so far (for live plots).</param>
public sealed record TrainingStep(int Epoch, int Step, double Loss, double? Accuracy, double GradientNorm, TrainingHistory History);

/// <summary>What a <see cref="Trainer.OnEpoch"/> callback receives after each epoch.</summary>
public sealed record TrainingEpoch(int Epoch, double Loss, double? Accuracy, double? ValidationLoss, double? ValidationAccuracy, TrainingHistory History);

/// <summary>
/// The standard training loop, written once so notebooks can focus on the model. Each step:
/// <c>optimizer.ZeroGrad()</c> → prediction = model.Forward(x) → loss = lossFunction(prediction, y) →
/// <c>loss.Backward()</c> → global gradient norm (clipped when <see cref="ClipGradientNorm"/> is set) →
/// <c>optimizer.Step()</c>. After each epoch it evaluates the validation data (in evaluation mode, without gradients),
/// steps the schedule and asks early stopping. Everything is recorded in a <see cref="TrainingHistory"/>.
/// </summary>
/// <remarks>
/// The loss function takes (prediction, target) and returns a scalar that is a <b>mean</b> over the batch (every
/// <see cref="Loss"/> function is); epoch and validation losses are batch-size-weighted means of it.
/// Runs are deterministic: the only randomness is the <see cref="Random"/> given to <see cref="Fit(Dataset, int, int, Random, Dataset?)"/> for shuffling.
/// </remarks>
public sealed class Trainer
{
    public Trainer(Module model, Optimizer optimizer, Func<Tensor, Tensor, Tensor> lossFunction, bool classification = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(lossFunction);
        Model = model;
        Optimizer = optimizer;
        LossFunction = lossFunction;
        Classification = classification;
    }

    public Module Model { get; }

    public Optimizer Optimizer { get; }

    /// <summary>(prediction, target) → scalar mean loss, e.g. <c>Loss.SoftmaxCrossEntropy</c>.</summary>
    public Func<Tensor, Tensor, Tensor> LossFunction { get; }

    /// <summary>When true, accuracies are recorded with <see cref="Metrics.Accuracy"/>.</summary>
    public bool Classification { get; }

    /// <summary>When set, gradients are clipped to this global norm before each step.</summary>
    public double? ClipGradientNorm { get; set; }

    /// <summary>Optional learning-rate schedule, stepped after every epoch (or every step with <see cref="ScheduleEveryStep"/>).</summary>
    public LearningRateSchedule? Schedule { get; set; }

    /// <summary>Step the schedule after every optimizer step rather than every epoch.</summary>
    public bool ScheduleEveryStep { get; set; }

    /// <summary>
    /// Optional early stopping on the validation loss (needs validation data). With its RestoreBestWeights (the
    /// default) the model ends <see cref="Fit(Dataset, int, int, Random, Dataset?)"/> holding the weights of the epoch
    /// with the lowest validation loss, whether training stopped early or ran all epochs.
    /// </summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Called after every optimizer step (update a live loss plot here).</summary>
    public Action<TrainingStep>? OnStep { get; set; }

    /// <summary>Called after every epoch.</summary>
    public Action<TrainingEpoch>? OnEpoch { get; set; }

    /// <summary>The history of the last <see cref="Fit(Dataset, int, int, Random, Dataset?)"/> call (a new one per call).</summary>
    public TrainingHistory History { get; private set; } = new();

    /// <summary>Trains for <paramref name="epochs"/> epochs of shuffled mini-batches; returns the history.</summary>
    /// <param name="train">Training inputs and targets.</param>
    /// <param name="epochs">Passes over the training data (fewer when early stopping triggers).</param>
    /// <param name="batchSize">Rows per step; use the training-set size for full-batch gradient descent, 1 for pure SGD.</param>
    /// <param name="random">Shuffles the rows each epoch.</param>
    /// <param name="validation">Optional held-out data evaluated after every epoch.</param>
    public TrainingHistory Fit(Dataset train, int epochs, int batchSize, Random random, Dataset? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Fit(train.X, train.Y, epochs, batchSize, random, validation);
    }

    /// <summary>Trains on inputs <paramref name="x"/> [N, ...] and targets <paramref name="y"/> [N, ...]; see <see cref="Fit(Dataset, int, int, Random, Dataset?)"/>.</summary>
    public TrainingHistory Fit(Tensor x, Tensor y, int epochs, int batchSize, Random random, Dataset? validation = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Trainer.Fit: epochs must be ≥ 0.");
        if (EarlyStopping is not null && validation is null)
            throw new InvalidOperationException("Trainer.Fit: EarlyStopping watches the validation loss, but no validation data was given; pass validation: (e.g. from DataSplit.Create) or remove EarlyStopping.");
        var batches = new MiniBatches(x, y, batchSize, random);
        var history = History = new TrainingHistory();
        EarlyStopping?.Reset();
        var parameters = Model.Parameters().ToList();
        int step = 0;

        for (int epoch = 0; epoch < epochs; epoch++)
        {
            Model.Train();
            double lossSum = 0, normSum = 0;
            int seen = 0, correct = 0, stepsThisEpoch = 0;
            foreach (var batch in batches)
            {
                Optimizer.ZeroGrad();
                Tensor prediction = Model.Forward(batch.X);
                Tensor loss = LossFunction(prediction, batch.Y);
                if (loss.Size != 1)
                    throw new ShapeException($"Trainer: the loss function returned shape {Tensor.ShapeText(loss.Shape)}; it must return a scalar (a mean over the batch).");
                double lossValue = loss.Item();
                loss.Backward();
                double norm = ClipGradientNorm is { } maxNorm
                    ? GradientClipping.ByGlobalNorm(parameters, maxNorm)
                    : GradientClipping.GlobalNorm(parameters);
                float rateUsed = Optimizer.LearningRate;
                Optimizer.Step();

                int rows = batch.X.Shape[0];
                double? accuracy = null;
                if (Classification)
                {
                    int batchCorrect = Metrics.CorrectCount(prediction, batch.Y);
                    correct += batchCorrect;
                    accuracy = (double)batchCorrect / rows;
                    history.StepAccuracy.Add(accuracy.Value);
                }
                history.StepLoss.Add(lossValue);
                history.StepGradientNorm.Add(norm);
                history.StepLearningRate.Add(rateUsed);
                lossSum += lossValue * rows;
                normSum += norm;
                seen += rows;
                stepsThisEpoch++;
                OnStep?.Invoke(new TrainingStep(epoch, step, lossValue, accuracy, norm, history));
                step++;
                if (Schedule is not null && ScheduleEveryStep) Schedule.Step();
            }

            history.EpochLoss.Add(seen == 0 ? 0 : lossSum / seen);
            history.EpochGradientNorm.Add(stepsThisEpoch == 0 ? 0 : normSum / stepsThisEpoch);
            double? epochAccuracy = null;
            if (Classification)
            {
                epochAccuracy = seen == 0 ? 0 : (double)correct / seen;
                history.EpochAccuracy.Add(epochAccuracy.Value);
            }

            double? validationLoss = null, validationAccuracy = null;
            if (validation is not null)
            {
                (validationLoss, validationAccuracy) = Evaluate(validation);
                history.ValidationLoss.Add(validationLoss.Value);
                if (validationAccuracy is { } va) history.ValidationAccuracy.Add(va);
            }
            if (Schedule is not null && !ScheduleEveryStep) Schedule.Step();
            history.EpochLearningRate.Add(Optimizer.LearningRate);
            OnEpoch?.Invoke(new TrainingEpoch(epoch, history.EpochLoss[^1], epochAccuracy, validationLoss, validationAccuracy, history));

            if (EarlyStopping is not null && EarlyStopping.Update(Model, validationLoss!.Value))
            {
                history.StoppedEarly = epoch < epochs - 1;
                break;
            }
        }
        EarlyStopping?.RestoreBest(Model);
        Model.Train();
        return history;
    }

    /// <summary>
    /// Mean loss (and accuracy when classifying) on a data set, in evaluation mode without recording gradients.
    /// The model's training mode is restored afterwards.
    /// </summary>
    public (double Loss, double? Accuracy) Evaluate(Dataset data, int batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(data);
        bool wasTraining = Model.IsTraining;
        Model.Eval();
        try
        {
            using var noGrad = GradMode.Disable();
            double lossSum = 0;
            int seen = 0, correct = 0;
            foreach (var batch in new MiniBatches(data.X, data.Y, batchSize))
            {
                Tensor prediction = Model.Forward(batch.X);
                int rows = batch.X.Shape[0];
                lossSum += LossFunction(prediction, batch.Y).Item() * rows;
                if (Classification) correct += Metrics.CorrectCount(prediction, batch.Y);
                seen += rows;
            }
            return (seen == 0 ? 0 : lossSum / seen, Classification ? (seen == 0 ? 0 : (double)correct / seen) : null);
        }
        finally
        {
            Model.Train(wasTraining);
        }
    }
}
