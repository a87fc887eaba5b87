namespace DeepLearningCourse.Engine;

/// <summary>
/// Sets an optimizer's <see cref="Optimizer.LearningRate"/> from a formula of a counter t: call <see cref="Step"/>
/// once per epoch (or once per optimizer step — the schedule does not care which, you choose the unit) and it
/// advances t and writes η(t). t = 0 is the rate the optimizer had when the schedule was created.
/// </summary>
public abstract class LearningRateSchedule
{
    protected LearningRateSchedule(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        InitialLearningRate = optimizer.LearningRate;
    }

    /// <summary>The optimizer whose learning rate this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>η₀, the optimizer's learning rate when the schedule was created.</summary>
    public float InitialLearningRate { get; }

    /// <summary>How many times <see cref="Step"/> was called.</summary>
    public int Count { get; private set; }

    /// <summary>Advances t by one and sets the optimizer's learning rate to η(t); returns it.</summary>
    public float Step()
    {
        Count++;
        float rate = RateAt(Count);
        Optimizer.LearningRate = rate;
        return rate;
    }

    /// <summary>η(t) for t = 0, 1, 2, ... (t = 0 gives the initial rate). Handy for plotting a schedule.</summary>
    public abstract float RateAt(int t);
}
