using System.Globalization;
using System.Text;

namespace DeepLearningCourse.Engine;

/// <summary>
/// A layer or model: owns named parameters (tensors that require gradients) and sub-modules, and maps an input
/// tensor to an output with <see cref="Forward"/>. Subclasses register what they own in their constructor with
/// <see cref="AddParameter"/> and <see cref="AddModule{T}"/>.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Value)> _parameters = [];
    private readonly List<(string Name, Module Value)> _modules = [];

    /// <summary>True in training mode (dropout drops, batch norm uses batch statistics); false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Name shown in summaries; the class name by default.</summary>
    public virtual string Name => GetType().Name;

    /// <summary>Computes the module's output. Shapes are documented on each module.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Calls <see cref="Forward"/>, so <c>model.Call(x)</c> and <c>model.Forward(x)</c> are the same.</summary>
    public Tensor Call(Tensor input) => Forward(input);

    /// <summary>Every parameter of this module and its sub-modules, in registration order.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Value);

    /// <summary>Parameters with dotted names ("0.Weight", "encoder.Bias").</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedParameters()
    {
        foreach (var p in _parameters) yield return p;
        foreach (var (prefix, module) in _modules)
        {
            foreach (var (name, value) in module.NamedParameters()) yield return ($"{prefix}.{name}", value);
        }
    }

    /// <summary>Direct sub-modules.</summary>
    public IReadOnlyList<(string Name, Module Value)> Children => _modules;

    /// <summary>Total number of parameter values.</summary>
    public int ParameterCount => Parameters().Sum(p => p.Size);

    /// <summary>Clears the gradient of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>Switches this module and its sub-modules to training (true) or evaluation (false) mode.</summary>
    public Module Train(bool training = true)
    {
        IsTraining = training;
        foreach (var (_, m) in _modules) m.Train(training);
        return this;
    }

    /// <summary>Evaluation mode: same as <c>Train(false)</c>.</summary>
    public Module Eval() => Train(false);

    /// <summary>Copies of all parameter values, e.g. to restore the best weights after early stopping.</summary>
    public float[][] SaveState() => Parameters().Select(p => p.ToArray()).ToArray();

    /// <summary>Restores values saved by <see cref="SaveState"/>.</summary>
    public void LoadState(float[][] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ps = Parameters().ToList();
        if (ps.Count != state.Length)
            throw new ArgumentException($"{Name}.LoadState: the state has {state.Length} arrays but the module has {ps.Count} parameters.");
        for (int i = 0; i < ps.Count; i++)
        {
            if (ps[i].Size != state[i].Length)
                throw new ArgumentException($"{Name}.LoadState: array {i} has {state[i].Length} values but parameter {i} has shape {Tensor.ShapeText(ps[i].Shape)}.");
            state[i].CopyTo(ps[i].Data, 0);
        }
    }

    /// <summary>A table of layers with their parameter shapes and counts.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Name}");
        AppendSummary(sb, "", 1);
        sb.Append(CultureInfo.InvariantCulture, $"Total parameters: {ParameterCount:N0}");
        return sb.ToString();
    }

    /// <summary>One line describing the module's configuration, e.g. "Linear(784 → 256)".</summary>
    public virtual string Describe() => Name;

    public override string ToString() => Summary();

    /// <summary>Registers a parameter: it will require gradients and appear in <see cref="Parameters"/>.</summary>
    protected Tensor AddParameter(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.RequiresGrad = true;
        value.Label ??= name;
        _parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers a sub-module.</summary>
    protected T AddModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        _modules.Add((name, module));
        return module;
    }

    private void AppendSummary(StringBuilder sb, string indent, int depth)
    {
        foreach (var (name, module) in _modules)
        {
            int count = module.ParameterCount;
            string shapes = string.Join(" ", module._parameters.Select(p => $"{p.Name}{Tensor.ShapeText(p.Value.Shape)}"));
            sb.AppendLine(CultureInfo.InvariantCulture, $"{indent}  ({name}) {module.Describe(),-36} {count,10:N0}  {shapes}");
            if (depth < 8) module.AppendSummary(sb, indent + "  ", depth + 1);
        }
    }
}
