using System.Numerics.Tensors;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Base class of the optimizers: holds the parameters, the learning rate and optional weight decay, and applies
/// one update per <see cref="Step"/> from each parameter's <see cref="Tensor.Grad"/>.
/// </summary>
/// <remarks>
/// <para>Typical loop: <c>optimizer.ZeroGrad(); loss = ...; loss.Backward(); optimizer.Step();</c></para>
/// <para>Updates run under <see cref="GradMode.Disable"/> and modify each parameter's <see cref="Tensor.Data"/> in
/// place, with vectorized <see cref="TensorPrimitives"/> kernels. A parameter whose Grad is null (not reached by the
/// last Backward) is skipped. Weight decay λ adds λ·w to the gradient before the update (L2 regularisation,
/// "coupled" decay as in PyTorch's <c>weight_decay</c>; for Adam this is Adam+L2, not AdamW).</para>
/// <para>Whether training is full-batch, stochastic or mini-batch gradient descent is a choice of data (how many
/// examples the loss averages over), not of the optimizer.</para>
/// </remarks>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private readonly float[] _gradientBuffer;
    private readonly float[] _scratch;
    private float _learningRate;
    private float _weightDecay;

    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate, float weightDecay = 0f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException($"{Name}: no parameters were given; pass model.Parameters() (a model with at least one layer).", nameof(parameters));
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i] is null) throw new ArgumentException($"{Name}: parameter {i} is null.", nameof(parameters));
            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(_parameters[i], _parameters[j]))
                    throw new ArgumentException($"{Name}: parameter {i} ({Describe(_parameters[i])}) appears twice; each parameter must be listed once or it would be updated twice per step.", nameof(parameters));
            }
        }
        LearningRate = learningRate;
        WeightDecay = weightDecay;
        int largest = _parameters.Max(p => p.Size);
        _gradientBuffer = new float[largest];
        _scratch = new float[largest];
    }

    /// <summary>The optimizer's name in messages and plots ("Adam").</summary>
    public virtual string Name => GetType().Name;

    /// <summary>The parameters updated by <see cref="Step"/>, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Step size η. Schedules (<see cref="LearningRateSchedule"/>) change it between steps.</summary>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || float.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{Name}: the learning rate must be a finite number ≥ 0.");
            _learningRate = value;
        }
    }

    /// <summary>L2 weight decay λ (0 = none): the update uses g + λ·w in place of g.</summary>
    public float WeightDecay
    {
        get => _weightDecay;
        set
        {
            if (!(value >= 0) || float.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{Name}: weight decay must be a finite number ≥ 0.");
            _weightDecay = value;
        }
    }

    /// <summary>Number of <see cref="Step"/> calls so far (t in the formulas; Adam's bias correction uses it).</summary>
    public int StepCount { get; private set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = GradMode.Disable();
        StepCount++;
        for (int i = 0; i < _parameters.Length; i++)
        {
            Tensor p = _parameters[i];
            if (p.Grad is null) continue;
            if (p.Grad.Size != p.Size)
                throw new ShapeException($"{Name}.Step: parameter {i} ({Describe(p)}) has a gradient of shape {Tensor.ShapeText(p.Grad.Shape)}; it must have the parameter's shape.");
            ReadOnlySpan<float> gradient = p.Grad.Data;
            if (_weightDecay != 0)
            {
                Span<float> decayed = _gradientBuffer.AsSpan(0, p.Size);
                TensorPrimitives.MultiplyAdd(p.Data, _weightDecay, gradient, decayed);
                gradient = decayed;
            }
            Update(i, p.Data, gradient, _scratch.AsSpan(0, p.Size));
        }
    }

    /// <summary>Clears every parameter's gradient (sets Grad to null).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.Grad = null;
    }

    public override string ToString() => $"{Name}(lr={LearningRate:G4}{(WeightDecay != 0 ? $", weight decay={WeightDecay:G4}" : "")})";

    /// <summary>
    /// Updates parameter <paramref name="index"/> in place. <paramref name="gradient"/> already includes weight decay;
    /// <paramref name="scratch"/> is a work buffer of the same length whose contents are undefined on entry.
    /// </summary>
    protected abstract void Update(int index, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch);

    /// <summary>One zero-filled state array per parameter (velocities, running averages).</summary>
    protected float[][] NewState() => _parameters.Select(p => new float[p.Size]).ToArray();

    /// <summary>Checks a hyper-parameter lies in [low, high) (or [low, high] when <paramref name="inclusiveHigh"/>).</summary>
    protected float CheckRange(float value, float low, float high, string name, bool inclusiveHigh = false)
    {
        bool ok = value >= low && (inclusiveHigh ? value <= high : value < high);
        if (!ok)
            throw new ArgumentOutOfRangeException(name, value, $"{Name}: {name} must be in [{low}, {high}{(inclusiveHigh ? "]" : ")")}.");
        return value;
    }

    private static string Describe(Tensor p) => $"{p.Label ?? "unnamed"} {Tensor.ShapeText(p.Shape)}";
}
