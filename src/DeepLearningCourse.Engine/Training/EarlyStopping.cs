namespace DeepLearningCourse.Engine;

/// <summary>
/// Stops training when the validation loss has not improved (by more than <see cref="MinDelta"/>) for
/// <see cref="Patience"/> epochs in a row, and can put back the weights of the best epoch.
/// Call <see cref="Update"/> once per epoch with the validation loss; <see cref="Trainer"/> does this for you.
/// </summary>
public sealed class EarlyStopping
{
    private float[][]? _bestState;

    public EarlyStopping(int patience, double minDelta = 0, bool restoreBestWeights = true)
    {
        if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), patience, "EarlyStopping: patience must be at least 1 epoch.");
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "EarlyStopping: minDelta must be ≥ 0.");
        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement tolerated before stopping.</summary>
    public int Patience { get; }

    /// <summary>An improvement must lower the best loss by more than this.</summary>
    public double MinDelta { get; }

    /// <summary>When true, stopping (and <see cref="RestoreBest"/>) copies the best epoch's weights back into the model.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Lowest validation loss seen.</summary>
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>0-based index of the epoch with the lowest loss (−1 before the first update).</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>Epochs since the last improvement.</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>Number of updates so far (epochs seen).</summary>
    public int EpochCount { get; private set; }

    /// <summary>True once patience ran out.</summary>
    public bool ShouldStop { get; private set; }

    /// <summary>
    /// Records one epoch's validation loss. Saves the weights when it improves; returns true (and restores the best
    /// weights when <see cref="RestoreBestWeights"/>) once patience has run out.
    /// </summary>
    public bool Update(Module model, double validationLoss)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (validationLoss < BestLoss - MinDelta)
        {
            BestLoss = validationLoss;
            BestEpoch = EpochCount;
            EpochsWithoutImprovement = 0;
            if (RestoreBestWeights) _bestState = model.SaveState();
        }
        else
        {
            EpochsWithoutImprovement++;
        }
        EpochCount++;
        if (!ShouldStop && EpochsWithoutImprovement >= Patience)
        {
            ShouldStop = true;
            RestoreBest(model);
        }
        return ShouldStop;
    }

    /// <summary>Copies the best epoch's weights into the model (when <see cref="RestoreBestWeights"/> and an epoch was recorded).</summary>
    public void RestoreBest(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (RestoreBestWeights && _bestState is not null) model.LoadState(_bestState);
    }

    /// <summary>Forgets everything, for a new training run.</summary>
    public void Reset()
    {
        _bestState = null;
        BestLoss = double.PositiveInfinity;
        BestEpoch = -1;
        EpochsWithoutImprovement = 0;
        EpochCount = 0;
        ShouldStop = false;
    }
}
