namespace DeepLearningCourse.Engine;

/// <summary>
/// One training step of a multilayer perceptron — forward, softmax cross-entropy, backward, optimizer update — with
/// every tensor resident on a <see cref="ComputeBackend"/>. Architecture: Linear → ReLU → … → Linear → softmax
/// cross-entropy, the same as the engine's <c>Sequential(Linear, ReLU, …, Linear)</c> with
/// <c>Loss.SoftmaxCrossEntropy</c>, with the same weight layout (W [in, out], y = x · W + b).
/// </summary>
/// <remarks>
/// Per step only the inputs [batch, in] and labels [batch] cross to the device (skip even that with the
/// <see cref="Step(DeviceTensor, DeviceTensor)"/> overload); the loss stays on the device until
/// <see cref="ReadLoss"/>. Memory: parameters, gradients, optimizer state and per-layer activations for the fixed
/// batch size are allocated once in the constructor and reused every step; <see cref="Dispose"/> frees them.
/// Backward, per layer l from the last: dW = aₗ₋₁ᵀ · dzₗ, db = Σ_rows dzₗ, daₗ₋₁ = dzₗ · Wₗᵀ, dzₗ₋₁ = daₗ₋₁ · [zₗ₋₁ &gt; 0].
/// </remarks>
public sealed class MlpTrainingStep : IDisposable
{
    private readonly ComputeBackend _backend;
    private readonly DeviceParameters _parameters;
    private readonly List<(DeviceTensor W, DeviceTensor B, DeviceTensor DW, DeviceTensor DB)> _layers = [];
    private readonly List<DeviceTensor> _preActivations = [];   // z_l = a_{l-1} · W_l + b_l
    private readonly List<DeviceTensor> _activations = [];      // a_l = relu(z_l), for hidden layers
    private readonly List<DeviceTensor> _gradPre = [];          // dL/dz_l
    private readonly List<DeviceTensor> _gradActivations = [];  // dL/da_l, hidden layers
    private readonly DeviceTensor _inputs;
    private readonly DeviceTensor _labels;
    private readonly DeviceTensor _probabilities;

    /// <summary>
    /// Copies the weights of <paramref name="layers"/> (ReLU between consecutive layers, none after the last) to the
    /// backend, for batches of exactly <paramref name="batchSize"/> rows.
    /// </summary>
    public MlpTrainingStep(ComputeBackend backend, IReadOnlyList<Linear> layers, int batchSize, DeviceOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("MlpTrainingStep: give at least one Linear layer.", nameof(layers));
        if (batchSize <= 0) throw new ArgumentException($"MlpTrainingStep: batch size must be positive, got {batchSize}.", nameof(batchSize));
        for (int l = 1; l < layers.Count; l++)
        {
            if (layers[l].InFeatures != layers[l - 1].OutFeatures)
                throw new ShapeException($"MlpTrainingStep: layer {l - 1} outputs {layers[l - 1].OutFeatures} features but layer {l} expects {layers[l].InFeatures}; consecutive Linear layers must chain.");
        }
        _backend = backend;
        BatchSize = batchSize;
        InFeatures = layers[0].InFeatures;
        Classes = layers[^1].OutFeatures;
        _parameters = new DeviceParameters(backend, optimizer);
        for (int l = 0; l < layers.Count; l++)
        {
            var linear = layers[l];
            var bias = linear.Bias ?? Tensor.Zeros(linear.OutFeatures);
            var (w, dw) = _parameters.Add(linear.Weight, $"W{l + 1}");
            var (b, db) = _parameters.Add(bias, $"b{l + 1}");
            _layers.Add((w, b, dw, db));
            _preActivations.Add(backend.Allocate(batchSize, linear.OutFeatures));
            _gradPre.Add(backend.Allocate(batchSize, linear.OutFeatures));
            if (l < layers.Count - 1)
            {
                _activations.Add(backend.Allocate(batchSize, linear.OutFeatures));
                _gradActivations.Add(backend.Allocate(batchSize, linear.OutFeatures));
            }
        }
        _inputs = backend.Allocate(batchSize, InFeatures);
        _labels = backend.Allocate(batchSize);
        _probabilities = backend.Allocate(batchSize, Classes);
        Loss = backend.Allocate(1);
        Loss.Label = "loss";
    }

    /// <summary>
    /// Builds a step from an engine model <c>Sequential(Linear, ReLU, Linear, ReLU, …, Linear)</c>.
    /// </summary>
    public static MlpTrainingStep FromSequential(ComputeBackend backend, Sequential model, int batchSize, DeviceOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        var linears = new List<Linear>();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            bool expectLinear = i % 2 == 0;
            var layer = model.Layers[i];
            if (expectLinear && layer is Linear linear) linears.Add(linear);
            else if (!expectLinear && layer is ReLU) continue;
            else
                throw new ArgumentException($"MlpTrainingStep: layer {i} is {layer.Describe()}; the device step supports Sequential(Linear, ReLU, Linear, …, Linear) only.", nameof(model));
        }
        if (model.Layers.Count % 2 == 0)
            throw new ArgumentException("MlpTrainingStep: the model must end with a Linear layer (the logits).", nameof(model));
        return new MlpTrainingStep(backend, linears, batchSize, optimizer);
    }

    public int BatchSize { get; }

    public int InFeatures { get; }

    public int Classes { get; }

    /// <summary>The mean loss of the last step, [1], on the device.</summary>
    public DeviceTensor Loss { get; }

    /// <summary>The logits of the last step [batch, classes], on the device.</summary>
    public DeviceTensor Logits => _preActivations[^1];

    /// <summary>Parameters on the device: W1, b1, W2, b2, …</summary>
    public DeviceParameters Parameters => _parameters;

    /// <summary>Copies <paramref name="inputs"/> [batch, in] and <paramref name="labels"/> [batch] to the device, then steps.</summary>
    public void Step(Tensor inputs, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        CheckBatch(inputs.Shape, labels.Shape);
        _inputs.CopyFrom(inputs);
        _labels.CopyFrom(labels);
        Step(_inputs, _labels);
    }

    /// <summary>One step on data already on the device: inputs [batch, in], labels [batch] (class indices as floats).</summary>
    public void Step(DeviceTensor inputs, DeviceTensor labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        CheckBatch(inputs.Shape, labels.Shape);
        Forward(inputs);
        _backend.SoftmaxCrossEntropy(Logits, labels, _probabilities, Loss);
        _backend.SoftmaxCrossEntropyBackward(_probabilities, labels, _gradPre[^1]);
        for (int l = _layers.Count - 1; l >= 0; l--)
        {
            var previous = l == 0 ? inputs : _activations[l - 1];
            var (w, _, dw, db) = _layers[l];
            _backend.MatMul(previous, _gradPre[l], dw, transposeA: true);
            _backend.ColumnSums(_gradPre[l], db);
            if (l > 0)
            {
                _backend.MatMul(_gradPre[l], w, _gradActivations[l - 1], transposeB: true);
                _backend.ReluBackward(_preActivations[l - 1], _gradActivations[l - 1], _gradPre[l - 1]);
            }
        }
        _parameters.Update();
    }

    /// <summary>Forward pass only: fills <see cref="Logits"/>.</summary>
    public void Forward(DeviceTensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var current = inputs;
        for (int l = 0; l < _layers.Count; l++)
        {
            var (w, b, _, _) = _layers[l];
            _backend.MatMul(current, w, _preActivations[l]);
            _backend.AddBias(_preActivations[l], b);
            if (l < _layers.Count - 1)
            {
                _backend.Relu(_preActivations[l], _activations[l]);
                current = _activations[l];
            }
        }
    }

    /// <summary>Copies the loss of the last step to the host (waits for the device).</summary>
    public float ReadLoss() => Loss.ToArray()[0];

    /// <summary>Copies the device parameters back into <paramref name="layers"/> (weights and biases, in place).</summary>
    public void CopyParametersTo(IReadOnlyList<Linear> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count != _layers.Count)
            throw new ArgumentException($"MlpTrainingStep: the step has {_layers.Count} layers but {layers.Count} were given.", nameof(layers));
        for (int l = 0; l < layers.Count; l++)
        {
            _layers[l].W.ToArray().CopyTo(layers[l].Weight.Data, 0);
            if (layers[l].Bias is { } bias) _layers[l].B.ToArray().CopyTo(bias.Data, 0);
        }
    }

    public void Dispose()
    {
        _parameters.Dispose();
        foreach (var t in _preActivations.Concat(_activations).Concat(_gradPre).Concat(_gradActivations)) t.Dispose();
        _inputs.Dispose();
        _labels.Dispose();
        _probabilities.Dispose();
        Loss.Dispose();
    }

    private void CheckBatch(int[] inputShape, int[] labelShape)
    {
        if (inputShape.Length != 2 || inputShape[0] != BatchSize || inputShape[1] != InFeatures)
            throw new ShapeException($"MlpTrainingStep: inputs are {Tensor.ShapeText(inputShape)} but this step was built for [{BatchSize}, {InFeatures}]; build one step per batch size.");
        if (labelShape.Length != 1 || labelShape[0] != BatchSize)
            throw new ShapeException($"MlpTrainingStep: labels are {Tensor.ShapeText(labelShape)} but must be [{BatchSize}] (one class index per row).");
    }
}
