namespace DeepLearningCourse.Engine;

/// <summary>
/// Applies its layers in order: the output of each is the input of the next. A <see cref="Linear"/> directly followed
/// by a <see cref="ReLU"/> runs as one fused node (<see cref="Linear.ForwardRelu"/>): the same values with one pass
/// over the activations fewer each way; call the layers one by one to see the pre-activation tensor.
/// </summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <summary>Appends a layer.</summary>
    public Sequential Add(Module layer)
    {
        _layers.Add(AddModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer));
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            if (_layers[i] is Linear linear && i + 1 < _layers.Count && _layers[i + 1] is ReLU)
            {
                x = linear.ForwardRelu(x);
                i++;
            }
            else
            {
                x = _layers[i].Forward(x);
            }
        }
        return x;
    }
}
