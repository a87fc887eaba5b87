namespace DeepLearningCourse.Engine;

/// <summary>
/// The receptive field of one output position of a convolutional network: the <see cref="Size"/>×<see cref="Size"/>
/// window of input pixels it depends on, and the <see cref="Jump"/> between the windows of neighbouring outputs (the
/// product of the strides).
/// </summary>
public readonly record struct ReceptiveFieldSize(int Size, int Jump);

/// <summary>
/// Receptive fields, computed from the layers (<see cref="Of"/>) and measured with gradients (<see cref="GradientMap"/>).
/// Going forward through a layer with kernel k and stride s: size ← size + (k − 1)·jump, jump ← jump·s.
/// </summary>
public static class ReceptiveField
{
    /// <summary>
    /// The receptive field of one output position of <paramref name="model"/>: Conv2d, MaxPool2d and AvgPool2d layers
    /// grow it; activations, dropout and BatchNorm2d keep it; <see cref="Sequential"/> composes; <see cref="Branches"/>
    /// and <see cref="Residual"/> take their widest path (their paths must share the jump). Layers that mix every
    /// position (Flatten, GlobalAvgPool2d, Linear, …) end the question, and are reported as such.
    /// </summary>
    public static ReceptiveFieldSize Of(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Through(model, new ReceptiveFieldSize(1, 1), "model");
    }

    /// <summary>
    /// How strongly each input pixel affects the centre output position of <paramref name="model"/>: the mean over
    /// <paramref name="samples"/> random inputs x [1, channels, size, size] (standard normal) of |∂s/∂x| summed over
    /// input channels, where s is the sum over output channels at the centre position. Returns [size, size]; the
    /// pixels outside the receptive field are exactly 0. The model runs in evaluation mode and its parameters'
    /// gradients are left as they were.
    /// </summary>
    public static Tensor GradientMap(Module model, int channels, int size, Random random, int samples = 16)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        if (channels <= 0 || size <= 0 || samples <= 0)
            throw new ArgumentException($"ReceptiveField.GradientMap: channels ({channels}), size ({size}) and samples ({samples}) must be positive.");
        if (!GradMode.IsEnabled)
            throw new InvalidOperationException("ReceptiveField.GradientMap needs gradients but is called inside using (GradMode.Disable()); call it outside that block.");
        var parameters = model.Parameters().ToArray();
        var savedGradients = parameters.Select(p => p.Grad).ToArray();
        bool wasTraining = model.IsTraining;
        var map = new float[size * size];
        model.Eval();
        try
        {
            for (int sample = 0; sample < samples; sample++)
            {
                foreach (var p in parameters) p.Grad = null;
                var x = Tensor.Normal(random, 0f, 1f, 1, channels, size, size).WithGrad();
                Tensor y = model.Forward(x);
                if (y.Rank != 4)
                    throw new ShapeException($"ReceptiveField.GradientMap: the model gives {Tensor.ShapeText(y.Shape)} but must keep an image [N, C, H, W]; pass only its convolutional part.");
                int height = y.Shape[2], width = y.Shape[3];
                var centre = new float[y.Size];
                for (int c = 0; c < y.Shape[1]; c++) centre[(c * height + height / 2) * width + width / 2] = 1f;
                y.Backward(new Tensor(centre, y.Shape));
                float[] g = x.Grad!.Data;
                for (int c = 0; c < channels; c++)
                    for (int i = 0; i < map.Length; i++) map[i] += MathF.Abs(g[c * map.Length + i]) / samples;
            }
        }
        finally
        {
            for (int i = 0; i < parameters.Length; i++) parameters[i].Grad = savedGradients[i];
            model.Train(wasTraining);
        }
        return new Tensor(map, size, size);
    }

    /// <summary>
    /// The side of the non-zero part of <paramref name="map"/> [H, W] (from <see cref="GradientMap"/>): the number of
    /// rows or of columns from the first to the last that hold a non-zero value, whichever is larger; 0 if all are 0.
    /// </summary>
    public static int Extent(Tensor map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Rank != 2) throw new ShapeException($"ReceptiveField.Extent: the map is {Tensor.ShapeText(map.Shape)} but must be [H, W], as GradientMap returns.");
        int height = map.Shape[0], width = map.Shape[1];
        int top = height, bottom = -1, left = width, right = -1;
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                if (map.Data[r * width + c] == 0) continue;
                (top, bottom, left, right) = (Math.Min(top, r), Math.Max(bottom, r), Math.Min(left, c), Math.Max(right, c));
            }
        return bottom < 0 ? 0 : Math.Max(bottom - top + 1, right - left + 1);
    }

    private static ReceptiveFieldSize Through(Module module, ReceptiveFieldSize field, string where)
    {
        switch (module)
        {
            case Sequential sequential:
                for (int i = 0; i < sequential.Layers.Count; i++) field = Through(sequential.Layers[i], field, $"{where}.{i}");
                return field;
            case Branches branches:
                return Widest(branches.Layers.Select((b, i) => Through(b, field, $"{where}.{i}")).ToArray(), where, "branches");
            case Residual residual:
                return Widest([Through(residual.Branch, field, $"{where}.0"), residual.Shortcut is null ? field : Through(residual.Shortcut, field, $"{where}.1")],
                    where, "branch and shortcut");
            case Conv2d conv:
                return Grow(field, conv.KernelSize, conv.Stride);
            case MaxPool2d pool:
                return Grow(field, pool.KernelSize, pool.Stride);
            case AvgPool2d pool:
                return Grow(field, pool.KernelSize, pool.Stride);
            case ReLU or LeakyReLU or Sigmoid or Tanh or Dropout or BatchNorm2d:
                return field;
            default:
                throw new ArgumentException($"ReceptiveField.Of: layer {where} ({module.Describe()}) mixes every position of its input (or is not a layer the receptive field knows), so after it each output sees the whole image. Pass only the convolutional part, e.g. new Sequential(layers before it).");
        }
    }

    private static ReceptiveFieldSize Grow(ReceptiveFieldSize field, int kernel, int stride) =>
        new(field.Size + (kernel - 1) * field.Jump, field.Jump * stride);

    private static ReceptiveFieldSize Widest(ReceptiveFieldSize[] paths, string where, string what)
    {
        if (paths.Any(p => p.Jump != paths[0].Jump))
            throw new ArgumentException($"ReceptiveField.Of: the {what} of layer {where} have different strides overall (jumps {string.Join(", ", paths.Select(p => p.Jump))}), so their outputs would not line up; give them the same strides.");
        return new ReceptiveFieldSize(paths.Max(p => p.Size), paths[0].Jump);
    }
}
