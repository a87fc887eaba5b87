namespace DeepLearningCourse.Engine;

/// <summary>
/// Mixture of experts with a softmax gate (Jacobs, Jordan, Nowlan &amp; Hinton 1991): a learned conditional.
/// <code>
/// g(u) = softmax(gate(u))                 which expert should handle this example
/// y(x) = Σ_e g_e(u) · expert_e(x)         (u = x unless a separate gate input is given)
/// </code>
/// Trained end to end, the gate learns to route each region of the input (or each context) to the expert that does
/// best there, and the experts specialise on what they are sent (<see cref="GatedSumNode"/> scales each expert's
/// gradient by its gate). Train it with <see cref="CompetitiveLoss"/> for experts that each stand alone, so that
/// <see cref="ForwardTopOne"/> can then run only the chosen expert per example: conditional execution. Shapes: input [batch, …] → every expert's output [batch, …] (all the same shape); the gate maps its
/// input to [batch, E] logits. <see cref="LastGates"/> [batch, E] holds the gate probabilities of the last call.
/// </summary>
public sealed class MixtureOfExperts : Module
{
    private readonly Module[] _experts;

    public MixtureOfExperts(IEnumerable<Module> experts, Module gate)
    {
        ArgumentNullException.ThrowIfNull(experts);
        ArgumentNullException.ThrowIfNull(gate);
        _experts = experts.ToArray();
        if (_experts.Length < 2)
            throw new ArgumentException($"MixtureOfExperts: got {_experts.Length} expert(s); a gate needs at least 2 to choose between.", nameof(experts));
        for (int e = 0; e < _experts.Length; e++) AddModule($"expert{e}", _experts[e]);
        Gate = AddModule("gate", gate);
    }

    /// <summary>
    /// <paramref name="experts"/> linear experts (<see cref="Linear"/> in → out) and a linear gate (in → experts):
    /// the gate's softmax splits the input space into convex regions, each served by one linear map.
    /// </summary>
    public static MixtureOfExperts Linear(int inFeatures, int outFeatures, int experts, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var list = Enumerable.Range(0, experts).Select(_ => (Module)new Linear(inFeatures, outFeatures, random)).ToList();
        return new MixtureOfExperts(list, new Linear(inFeatures, experts, random));
    }

    /// <summary>The experts, in gate-column order.</summary>
    public IReadOnlyList<Module> Experts => _experts;

    /// <summary>The module that maps the gate input to one logit per expert.</summary>
    public Module Gate { get; }

    /// <summary>Gate probabilities [batch, E] of the last call, or null.</summary>
    public Tensor? LastGates { get; private set; }

    /// <summary>The gate sees the experts' input: input [batch, …] → [batch, …].</summary>
    public override Tensor Forward(Tensor input) => Forward(input, input);

    /// <summary>Experts read <paramref name="input"/>, the gate reads <paramref name="gateInput"/> (e.g. a context).</summary>
    public Tensor Forward(Tensor input, Tensor gateInput)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor gates = Gates(gateInput);
        if (gates.Shape[0] != input.Shape[0])
            throw new ShapeException($"{Describe()}: the gate gave {Tensor.ShapeText(gates.Shape)} for an input of shape {Tensor.ShapeText(input.Shape)}; the gate input needs one row per example.");
        var inputs = new Tensor[_experts.Length + 1];
        inputs[0] = gates;
        for (int e = 0; e < _experts.Length; e++) inputs[e + 1] = _experts[e].Forward(input);
        return new GatedSumNode().Apply(inputs);
    }

    /// <summary>softmax(gate(gateInput)) [batch, E]; also kept in <see cref="LastGates"/>.</summary>
    public Tensor Gates(Tensor gateInput)
    {
        LastGates = GateLogits(gateInput).Softmax(1);
        return LastGates;
    }

    /// <summary>
    /// The competitive objective of Jacobs et al. (1991), averaged over the batch:
    /// <code>
    /// L = −log Σ_e g_e(u) · exp(−½ ‖target − expert_e(x)‖²)
    /// </code>
    /// With the squared error of the mixed output, ‖target − Σ_e g_e expert_e(x)‖², experts <b>cooperate</b>: each is
    /// corrected by the error of the blend, so they learn parts of an answer that only work together and no single
    /// expert can stand alone. Here each expert is corrected by its own error, weighted by its responsibility
    /// r_e ∝ g_e exp(−½ ‖target − expert_e‖²) for the example: experts <b>compete</b> for examples and specialise, and
    /// the gate learns to predict the responsibilities. Computed stably (log-softmax gates, log-sum-exp).
    /// target has the shape of one expert's output [batch, …].
    /// </summary>
    public Tensor CompetitiveLoss(Tensor input, Tensor target, Tensor? gateInput = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        Tensor logits = GateLogits(gateInput ?? input);
        int batch = logits.Shape[0];
        using (GradMode.Disable()) LastGates = logits.Detach().Softmax(1);
        var errors = new Tensor[_experts.Length];
        for (int e = 0; e < _experts.Length; e++)
        {
            Tensor output = _experts[e].Forward(input);
            if (!output.SameShape(target))
                throw new ShapeException($"{Describe()}.CompetitiveLoss: expert {e} returned {Tensor.ShapeText(output.Shape)} but the target is {Tensor.ShapeText(target.Shape)}; they must have the same shape.");
            errors[e] = (output - target).Pow(2).Reshape(batch, -1).Sum(1, keepDims: true);   // ‖target − expert_e‖² [batch, 1]
        }
        Tensor scores = logits.LogSoftmax(1) - 0.5f * Tensor.Concat(1, errors);                  // log g_e − ½ error_e [batch, E]
        Tensor shift = scores.Max(1, keepDims: true).Detach();                                   // log-sum-exp without overflow
        return -((scores - shift).Exp().Sum(1, keepDims: true).Log() + shift).Mean();
    }

    private Tensor GateLogits(Tensor gateInput)
    {
        ArgumentNullException.ThrowIfNull(gateInput);
        Tensor logits = Gate.Forward(gateInput);
        if (logits.Rank != 2 || logits.Shape[1] != _experts.Length)
            throw new ShapeException($"{Describe()}: the gate returned {Tensor.ShapeText(logits.Shape)} for input {Tensor.ShapeText(gateInput.Shape)}; it must return [batch, {_experts.Length}] logits, one per expert.");
        return logits;
    }

    /// <summary>
    /// Conditional execution for evaluation (records no graph): each example goes to its most probable expert only, and
    /// that expert's output is used as is. Returns the outputs and, per example, the expert that ran.
    /// </summary>
    public (Tensor Output, int[] Routes) ForwardTopOne(Tensor input, Tensor? gateInput = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var _ = GradMode.Disable();
        Tensor gates = Gates(gateInput ?? input);
        int batch = input.Shape[0];
        if (gates.Shape[0] != batch)
            throw new ShapeException($"{Describe()}: the gate gave {Tensor.ShapeText(gates.Shape)} for an input of shape {Tensor.ShapeText(input.Shape)}; the gate input needs one row per example.");
        int[] routes = Array.ConvertAll(gates.ArgMax(1).Data, v => (int)v);
        int inRow = input.Size / batch;
        float[]? output = null;
        int[]? outputShape = null;
        for (int e = 0; e < _experts.Length; e++)
        {
            int[] rows = Enumerable.Range(0, batch).Where(b => routes[b] == e).ToArray();
            if (rows.Length == 0) continue;
            var picked = new float[rows.Length * inRow];
            for (int r = 0; r < rows.Length; r++) Array.Copy(input.Data, rows[r] * inRow, picked, r * inRow, inRow);
            int[] shape = (int[])input.Shape.Clone();
            shape[0] = rows.Length;
            Tensor y = _experts[e].Forward(new Tensor(picked, shape));
            int outRow = y.Size / rows.Length;
            if (outputShape is null)
            {
                outputShape = (int[])y.Shape.Clone();
                outputShape[0] = batch;
                output = new float[batch * outRow];
            }
            for (int r = 0; r < rows.Length; r++) Array.Copy(y.Data, r * outRow, output!, rows[r] * outRow, outRow);
        }
        return (new Tensor(output!, outputShape!), routes);
    }

    public override string Describe() => $"MixtureOfExperts({_experts.Length} experts)";
}
