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
            // Every optimizer here is element-wise (each weight's update reads only its own gradient and state), so
            // long parameters are updated in ranges on the worker threads (short ones on this thread).
            ParallelRanges.Run(p.Size, (Optimizer: this, Index: i), static (start, end, s) => s.Optimizer.UpdateChunks(s.Index, start, end));
        }
    }

    /// <summary>
    /// Most values per <see cref="Update"/> call (64 KB of each array): TensorPrimitives would stream longer updates
    /// past the cache, and the next forward pass reads the weights right back (see <see cref="CacheChunks"/>; on the
    /// development VM the MLP's first product took 162 µs after an SGD step written that way, 140 µs after one in chunks).
    /// </summary>
    public const int ChunkLength = CacheChunks.Length;

    /// <summary>Updates values [start, end) of parameter <paramref name="index"/>, one chunk at a time.</summary>
    private void UpdateChunks(int index, int start, int end)
    {
        Tensor p = _parameters[index];
        float[] weights = p.Data, gradient = p.Grad!.Data;
        foreach (var (offset, length) in CacheChunks.Of(start, end))
        {
            ReadOnlySpan<float> g = gradient.AsSpan(offset, length);
            if (_weightDecay != 0)
            {
                Span<float> decayed = _gradientBuffer.AsSpan(offset, length);
                TensorPrimitives.MultiplyAdd(weights.AsSpan(offset, length), _weightDecay, g, decayed);
                g = decayed;
            }
            Update(index, offset, weights.AsSpan(offset, length), g, _scratch.AsSpan(offset, length));
        }
    }

    /// <summary>Clears every parameter's gradient (sets Grad to null).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.Grad = null;
    }

    public override string ToString() => $"{Name}(lr={LearningRate:G4}{(WeightDecay != 0 ? $", weight decay={WeightDecay:G4}" : "")})";

    /// <summary>
    /// Updates values [<paramref name="offset"/>, offset + weights.Length) of parameter <paramref name="index"/> in
    /// place (a chunk of at most <see cref="ChunkLength"/> values; state arrays are sliced the same way).
    /// <paramref name="gradient"/> already includes weight decay; <paramref name="scratch"/> is a work buffer of the
    /// same length whose contents are undefined on entry. Chunks of one parameter may be updated at the same time on
    /// different threads, so an update must read and write only its own chunk.
    /// </summary>
    protected abstract void Update(int index, int offset, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> scratch);

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
