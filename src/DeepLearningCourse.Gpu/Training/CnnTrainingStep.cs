namespace DeepLearningCourse.Engine;

/// <summary>
/// One training step of a small convolutional network with every tensor on a <see cref="ComputeBackend"/>:
/// x [N, C, H, W] → Conv2d (F filters KH×KW, stride, padding, bias) → ReLU → flatten [N, F·OH·OW] → Linear → softmax
/// cross-entropy. Weight layouts follow PyTorch for the convolution (weight [F, C, KH, KW], bias [F]) and the engine for
/// the linear layer (W [F·OH·OW, classes], b [classes]).
/// </summary>
/// <remarks>
/// The convolution runs as im2col + SGEMM:
/// forward  columns = im2col(x) [N·OH·OW, C·KH·KW]; rows = columns · Wᵀ + b [N·OH·OW, F]; z = rows as [N, F, OH, OW];
/// backward dRows = dz as rows; dW = dRowsᵀ · columns; db = Σ_rows dRows; (dx = col2im(dRows · W) is not needed for the
/// first layer and is skipped; <see cref="ComputeBackend.Col2Im"/> provides it for deeper networks).
/// Memory: all buffers for the fixed batch size are allocated in the constructor and freed by <see cref="Dispose"/>.
/// </remarks>
public sealed class CnnTrainingStep : IDisposable
{
    private readonly ComputeBackend _backend;
    private readonly ConvGeometry _geometry;
    private readonly DeviceParameters _parameters;
    private readonly DeviceTensor _convWeight, _convBias, _linearWeight, _linearBias;
    private readonly DeviceTensor _gradConvWeight, _gradConvBias, _gradLinearWeight, _gradLinearBias;
    private readonly DeviceTensor _inputs, _labels, _columns, _convRows, _convOut, _activations, _logits, _probabilities;
    private readonly DeviceTensor _gradLogits, _gradActivations, _gradConvOut, _gradConvRows;

    /// <summary>
    /// Uploads the initial weights. <paramref name="convWeight"/> is [F, C, KH, KW], <paramref name="convBias"/> [F],
    /// <paramref name="linearWeight"/> [F·OH·OW, classes], <paramref name="linearBias"/> [classes]; inputs will be
    /// [batch, C, H, W].
    /// </summary>
    public CnnTrainingStep(ComputeBackend backend, int batch, int height, int width, Tensor convWeight, Tensor convBias,
        Tensor linearWeight, Tensor linearBias, DeviceOptimizer optimizer, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(convWeight);
        ArgumentNullException.ThrowIfNull(convBias);
        ArgumentNullException.ThrowIfNull(linearWeight);
        ArgumentNullException.ThrowIfNull(linearBias);
        if (convWeight.Rank != 4)
            throw new ShapeException($"CnnTrainingStep: convolution weight is {Tensor.ShapeText(convWeight.Shape)}; it must be [F, C, KH, KW].");
        int filters = convWeight.Shape[0], channels = convWeight.Shape[1];
        _geometry = new ConvGeometry(batch, channels, height, width, convWeight.Shape[2], convWeight.Shape[3], stride, padding);
        int flat = filters * _geometry.OutHeight * _geometry.OutWidth;
        if (convBias.Rank != 1 || convBias.Shape[0] != filters)
            throw new ShapeException($"CnnTrainingStep: convolution bias is {Tensor.ShapeText(convBias.Shape)} but must be [{filters}].");
        if (linearWeight.Rank != 2 || linearWeight.Shape[0] != flat)
            throw new ShapeException($"CnnTrainingStep: the flattened convolution output has {filters}·{_geometry.OutHeight}·{_geometry.OutWidth} = {flat} features ({_geometry}) but the linear weight is {Tensor.ShapeText(linearWeight.Shape)}; it must be [{flat}, classes].");
        int classes = linearWeight.Shape[1];
        if (linearBias.Rank != 1 || linearBias.Shape[0] != classes)
            throw new ShapeException($"CnnTrainingStep: linear bias is {Tensor.ShapeText(linearBias.Shape)} but must be [{classes}].");

        _backend = backend;
        Classes = classes;
        _parameters = new DeviceParameters(backend, optimizer);
        (_convWeight, _gradConvWeight) = _parameters.Add(convWeight, "ConvWeight");
        (_convBias, _gradConvBias) = _parameters.Add(convBias, "ConvBias");
        (_linearWeight, _gradLinearWeight) = _parameters.Add(linearWeight, "LinearWeight");
        (_linearBias, _gradLinearBias) = _parameters.Add(linearBias, "LinearBias");

        _inputs = backend.Allocate(_geometry.InputShape);
        _labels = backend.Allocate(batch);
        _columns = backend.Allocate(_geometry.PatchRows, _geometry.PatchSize);
        _convRows = backend.Allocate(_geometry.PatchRows, filters);
        _convOut = backend.Allocate(batch, filters, _geometry.OutHeight, _geometry.OutWidth);
        _activations = backend.Allocate(batch, filters, _geometry.OutHeight, _geometry.OutWidth);
        _logits = backend.Allocate(batch, classes);
        _probabilities = backend.Allocate(batch, classes);
        _gradLogits = backend.Allocate(batch, classes);
        _gradActivations = backend.Allocate(batch, filters, _geometry.OutHeight, _geometry.OutWidth);
        _gradConvOut = backend.Allocate(batch, filters, _geometry.OutHeight, _geometry.OutWidth);
        _gradConvRows = backend.Allocate(_geometry.PatchRows, filters);
        Loss = backend.Allocate(1);
    }

    /// <summary>
    /// Copies the weights of the engine layers <paramref name="convolution"/> and <paramref name="linear"/> (the model
    /// <c>Sequential(Conv2d, ReLU, Flatten, Linear)</c>) for inputs [batch, C, height, width].
    /// </summary>
    public static CnnTrainingStep FromModules(ComputeBackend backend, Conv2d convolution, Linear linear, int batch, int height, int width, DeviceOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        ArgumentNullException.ThrowIfNull(linear);
        return new CnnTrainingStep(backend, batch, height, width, convolution.Weight, convolution.Bias ?? Tensor.Zeros(convolution.OutChannels),
            linear.Weight, linear.Bias ?? Tensor.Zeros(linear.OutFeatures), optimizer, convolution.Stride, convolution.Padding);
    }

    /// <summary>Copies the device parameters back into the engine layers (in place).</summary>
    public void CopyParametersTo(Conv2d convolution, Linear linear)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        ArgumentNullException.ThrowIfNull(linear);
        _convWeight.ToArray().CopyTo(convolution.Weight.Data, 0);
        if (convolution.Bias is { } convBias) _convBias.ToArray().CopyTo(convBias.Data, 0);
        _linearWeight.ToArray().CopyTo(linear.Weight.Data, 0);
        if (linear.Bias is { } linearBias) _linearBias.ToArray().CopyTo(linearBias.Data, 0);
    }

    /// <summary>
    /// A network with He-uniform initial weights drawn from <paramref name="random"/> (conv weight, then linear
    /// weight; zero biases).
    /// </summary>
    public static CnnTrainingStep CreateRandom(ComputeBackend backend, Random random, int batch, int channels, int height, int width,
        int filters, int kernel, int classes, DeviceOptimizer optimizer, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(random);
        var geometry = new ConvGeometry(batch, channels, height, width, kernel, kernel, stride, padding);
        int fanIn = channels * kernel * kernel, flat = filters * geometry.OutHeight * geometry.OutWidth;
        float convBound = MathF.Sqrt(6f / fanIn), linearBound = MathF.Sqrt(6f / flat);
        return new CnnTrainingStep(backend, batch, height, width,
            Tensor.Uniform(random, -convBound, convBound, filters, channels, kernel, kernel), Tensor.Zeros(filters),
            Tensor.Uniform(random, -linearBound, linearBound, flat, classes), Tensor.Zeros(classes),
            optimizer, stride, padding);
    }

    public ConvGeometry Geometry => _geometry;

    public int Classes { get; }

    /// <summary>The mean loss of the last step, [1], on the device.</summary>
    public DeviceTensor Loss { get; }

    /// <summary>ConvWeight, ConvBias, LinearWeight, LinearBias on the device.</summary>
    public DeviceParameters Parameters => _parameters;

    /// <summary>Copies inputs [N, C, H, W] and labels [N] to the device, then steps.</summary>
    public void Step(Tensor inputs, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (!inputs.Shape.AsSpan().SequenceEqual(_geometry.InputShape))
            throw new ShapeException($"CnnTrainingStep: inputs are {Tensor.ShapeText(inputs.Shape)} but this step was built for {Tensor.ShapeText(_geometry.InputShape)}.");
        if (labels.Rank != 1 || labels.Shape[0] != _geometry.Batch)
            throw new ShapeException($"CnnTrainingStep: labels are {Tensor.ShapeText(labels.Shape)} but must be [{_geometry.Batch}].");
        _inputs.CopyFrom(inputs);
        _labels.CopyFrom(labels);
        Step(_inputs, _labels);
    }

    /// <summary>One step on data already on the device.</summary>
    public void Step(DeviceTensor inputs, DeviceTensor labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        int batch = _geometry.Batch, filters = _convBias.Size;
        var weightMatrix = _convWeight.Reshape(filters, _geometry.PatchSize);
        var gradWeightMatrix = _gradConvWeight.Reshape(filters, _geometry.PatchSize);
        var flatActivations = _activations.Reshape(batch, _activations.Size / batch);
        var flatGradActivations = _gradActivations.Reshape(batch, _gradActivations.Size / batch);

        // Forward.
        _backend.Im2Col(inputs, _columns, _geometry);
        _backend.MatMul(_columns, weightMatrix, _convRows, transposeB: true);
        _backend.AddBias(_convRows, _convBias);
        _backend.RowsToNchw(_convRows, _convOut);
        _backend.Relu(_convOut, _activations);
        _backend.MatMul(flatActivations, _linearWeight, _logits);
        _backend.AddBias(_logits, _linearBias);
        _backend.SoftmaxCrossEntropy(_logits, labels, _probabilities, Loss);

        // Backward.
        _backend.SoftmaxCrossEntropyBackward(_probabilities, labels, _gradLogits);
        _backend.MatMul(flatActivations, _gradLogits, _gradLinearWeight, transposeA: true);
        _backend.ColumnSums(_gradLogits, _gradLinearBias);
        _backend.MatMul(_gradLogits, _linearWeight, flatGradActivations, transposeB: true);
        _backend.ReluBackward(_convOut, _gradActivations, _gradConvOut);
        _backend.NchwToRows(_gradConvOut, _gradConvRows);
        _backend.MatMul(_gradConvRows, _columns, gradWeightMatrix, transposeA: true);
        _backend.ColumnSums(_gradConvRows, _gradConvBias);

        _parameters.Update();
    }

    /// <summary>Copies the loss of the last step to the host (waits for the device).</summary>
    public float ReadLoss() => Loss.ToArray()[0];

    public void Dispose()
    {
        _parameters.Dispose();
        foreach (var t in new[] { _inputs, _labels, _columns, _convRows, _convOut, _activations, _logits, _probabilities,
                     _gradLogits, _gradActivations, _gradConvOut, _gradConvRows, Loss })
            t.Dispose();
    }
}
