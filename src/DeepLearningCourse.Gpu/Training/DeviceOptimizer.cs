namespace DeepLearningCourse.Engine;

/// <summary>The update rule a device training step applies to its parameters.</summary>
public enum DeviceOptimizerKind
{
    /// <summary>θ ← θ − lr · g.</summary>
    Sgd,
    /// <summary>Adam (Kingma &amp; Ba 2015), as torch.optim.Adam without weight decay.</summary>
    Adam,
}

/// <summary>Optimizer settings for <see cref="MlpTrainingStep"/> and <see cref="CnnTrainingStep"/>.</summary>
public sealed record DeviceOptimizer(DeviceOptimizerKind Kind, float LearningRate, float Beta1 = 0.9f, float Beta2 = 0.999f, float Epsilon = 1e-8f)
{
    /// <summary>Plain SGD with learning rate <paramref name="learningRate"/>.</summary>
    public static DeviceOptimizer Sgd(float learningRate) => new(DeviceOptimizerKind.Sgd, learningRate);

    /// <summary>Adam with PyTorch's defaults unless given.</summary>
    public static DeviceOptimizer Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f) =>
        new(DeviceOptimizerKind.Adam, learningRate, beta1, beta2, epsilon);
}

/// <summary>
/// Parameters, their gradients and (for Adam) the two moment estimates, all in one backend's memory; owned and
/// disposed together. Used by the device training steps.
/// </summary>
public sealed class DeviceParameters : IDisposable
{
    private readonly ComputeBackend _backend;
    private readonly List<DeviceTensor> _values = [];
    private readonly List<DeviceTensor> _gradients = [];
    private readonly List<DeviceTensor> _firstMoments = [];
    private readonly List<DeviceTensor> _secondMoments = [];

    public DeviceParameters(ComputeBackend backend, DeviceOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(optimizer);
        _backend = backend;
        Optimizer = optimizer;
    }

    public DeviceOptimizer Optimizer { get; }

    /// <summary>Optimizer steps taken so far (Adam's t).</summary>
    public int Steps { get; private set; }

    public IReadOnlyList<DeviceTensor> Values => _values;

    public IReadOnlyList<DeviceTensor> Gradients => _gradients;

    /// <summary>Uploads <paramref name="initial"/> and allocates its gradient (and Adam moments); returns (value, gradient).</summary>
    public (DeviceTensor Value, DeviceTensor Gradient) Add(Tensor initial, string name)
    {
        ArgumentNullException.ThrowIfNull(initial);
        var value = _backend.Upload(initial);
        value.Label = name;
        var gradient = _backend.Allocate(initial.Shape);
        gradient.Label = "d" + name;
        _values.Add(value);
        _gradients.Add(gradient);
        if (Optimizer.Kind == DeviceOptimizerKind.Adam)
        {
            _firstMoments.Add(_backend.Allocate(initial.Shape));
            _secondMoments.Add(_backend.Allocate(initial.Shape));
        }
        return (value, gradient);
    }

    /// <summary>Applies one optimizer step to every parameter, on the device.</summary>
    public void Update()
    {
        Steps++;
        for (int i = 0; i < _values.Count; i++)
        {
            if (Optimizer.Kind == DeviceOptimizerKind.Sgd)
            {
                _backend.SgdUpdate(_values[i], _gradients[i], Optimizer.LearningRate);
            }
            else
            {
                var step = new AdamStep(Optimizer.LearningRate, Optimizer.Beta1, Optimizer.Beta2, Optimizer.Epsilon, Steps);
                _backend.AdamUpdate(_values[i], _gradients[i], _firstMoments[i], _secondMoments[i], step);
            }
        }
    }

    /// <summary>Copies every parameter to the host, in the order they were added.</summary>
    public IReadOnlyList<Tensor> Download() => _values.Select(v => v.ToTensor()).ToList();

    public void Dispose()
    {
        foreach (var t in _values.Concat(_gradients).Concat(_firstMoments).Concat(_secondMoments)) t.Dispose();
    }
}
