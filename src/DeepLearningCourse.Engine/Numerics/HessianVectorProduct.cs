namespace DeepLearningCourse.Engine;

/// <summary>
/// Hessian-vector products Hv of a scalar loss L(θ) with respect to a list of parameter tensors θ, without ever
/// forming the P×P Hessian: the directional derivative of the gradient along v, by central differences of two
/// autodiff gradients,
/// <code>Hv ≈ ‖v‖ · (∇L(θ + h·v̂) − ∇L(θ − h·v̂)) / 2h,   v̂ = v / ‖v‖.</code>
/// For a quadratic loss this is exact up to float rounding (its gradient is linear in θ); otherwise the error is
/// O(h²). Each product costs two forward and backward passes, and θ is restored exactly afterwards.
/// </summary>
/// <remarks>
/// <para>Why differences and not "double backward": the engine's Backward returns plain tensors, not a graph of the
/// backward pass, so a gradient cannot be differentiated again. Two gradients cost about what the exact product
/// would (one forward-over-reverse pass) and need nothing from the nodes.</para>
/// <para>Vectors are flat <c>double[]</c> of length <see cref="Dimension"/>: the parameters' values one after another,
/// in the order given (for a module, <see cref="Module.Parameters"/> order). The loss must be deterministic (call
/// <see cref="Module.Eval"/> on models with dropout). Parameter gradients present before a call are left untouched.</para>
/// </remarks>
public sealed class HessianVectorProduct
{
    /// <summary>
    /// Default step length h along the unit direction v̂ (θ moves by h in Euclidean norm). A trade-off: the O(h²)
    /// truncation error grows with h, while float32 rounding in the two gradients, divided by 2h, grows as h shrinks.
    /// At a trained minimum with λ_max ≈ 4, h = 1e-3 already let rounding noise swamp power iteration; 1e-2 keeps
    /// both errors below about 1% for the course's networks, also after rescaling a layer by 10.
    /// </summary>
    public const double DefaultStep = 1e-2;

    private readonly Tensor[] _parameters;
    private readonly Func<Tensor> _loss;

    /// <param name="parameters">The tensors θ to differentiate with respect to (they must require gradients).</param>
    /// <param name="loss">Computes the scalar loss from the current parameter values, e.g. <c>() => Loss.SoftmaxCrossEntropy(model.Forward(x), y)</c>.</param>
    /// <param name="step">h, the distance moved in parameter space on each side.</param>
    public HessianVectorProduct(IEnumerable<Tensor> parameters, Func<Tensor> loss, double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException("HessianVectorProduct: no parameters were given; pass the tensors the loss depends on (e.g. model.Parameters()).", nameof(parameters));
        if (_parameters.FirstOrDefault(p => !p.RequiresGrad) is { } frozen)
            throw new ArgumentException($"HessianVectorProduct: parameter {frozen.Label ?? Tensor.ShapeText(frozen.Shape)} does not require gradients, so the loss has no gradient for it; mark it with WithGrad() or leave it out.", nameof(parameters));
        if (!(step > 0) || !double.IsFinite(step))
            throw new ArgumentOutOfRangeException(nameof(step), step, "HessianVectorProduct: the step h must be a finite number > 0 (1e-2 suits float32 losses of order 1).");
        _loss = loss;
        Step = step;
        Dimension = _parameters.Sum(p => p.Size);
    }

    /// <summary>H of the mean loss <paramref name="lossFunction"/>(model(x), y) with respect to every parameter of the model.</summary>
    public static HessianVectorProduct ForModel(Module model, Func<Tensor, Tensor, Tensor> lossFunction, Tensor x, Tensor y, double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lossFunction);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return new HessianVectorProduct(model.Parameters(), () => lossFunction(model.Forward(x), y), step);
    }

    /// <summary>P: the total number of parameter values, the length of every vector.</summary>
    public int Dimension { get; }

    /// <summary>The finite-difference step h.</summary>
    public double Step { get; }

    /// <summary>The parameters, in the order their values appear in the flat vectors.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Gradients computed so far (two per product), to report the cost.</summary>
    public int GradientEvaluations { get; private set; }

    /// <summary>∇L at the current parameters, flattened.</summary>
    public double[] Gradient() => GradientAt(null, 0);

    /// <summary>Hv for a flat vector v of length <see cref="Dimension"/>; the zero vector gives zero.</summary>
    public double[] Multiply(double[] v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.Length != Dimension)
            throw new ShapeException($"HessianVectorProduct.Multiply: v has {v.Length} values but the parameters ({string.Join(", ", _parameters.Select(p => Tensor.ShapeText(p.Shape)))}) have {Dimension}; pass one value per parameter value, in parameter order.");
        double norm = Math.Sqrt(v.Sum(a => a * a));
        if (norm == 0) return new double[Dimension];
        if (!double.IsFinite(norm)) throw new ArgumentException("HessianVectorProduct.Multiply: v contains NaN or infinity.", nameof(v));
        double[] plus = GradientAt(v, Step / norm);
        double[] minus = GradientAt(v, -Step / norm);
        var hv = new double[Dimension];
        double scale = norm / (2 * Step);
        for (int i = 0; i < hv.Length; i++) hv[i] = (plus[i] - minus[i]) * scale;
        return hv;
    }

    /// <summary>∇L(θ + scale·v), with θ restored and earlier parameter gradients kept.</summary>
    private double[] GradientAt(double[]? v, double scale)
    {
        var saved = v is null ? null : _parameters.Select(p => p.ToArray()).ToArray();
        var earlierGrads = _parameters.Select(p => p.Grad).ToArray();
        try
        {
            if (v is not null)
            {
                int offset = 0;
                foreach (var p in _parameters)
                {
                    for (int i = 0; i < p.Size; i++) p.Data[i] = (float)(p.Data[i] + scale * v[offset + i]);
                    offset += p.Size;
                }
            }
            foreach (var p in _parameters) p.Grad = null;
            Tensor loss = _loss();
            if (loss.Size != 1)
                throw new ShapeException($"HessianVectorProduct: the loss has shape {Tensor.ShapeText(loss.Shape)}; it must be a scalar (a mean over the batch).");
            if (!loss.RequiresGrad)
                throw new InvalidOperationException("HessianVectorProduct: the loss does not depend on any parameter that requires gradients (was it computed inside GradMode.Disable()?).");
            loss.Backward();
            GradientEvaluations++;
            var gradient = new double[Dimension];
            int at = 0;
            foreach (var p in _parameters)
            {
                if (p.Grad is { } g) for (int i = 0; i < p.Size; i++) gradient[at + i] = g.Data[i];
                at += p.Size;
            }
            return gradient;
        }
        finally
        {
            for (int k = 0; k < _parameters.Length; k++)
            {
                if (saved is not null) saved[k].CopyTo(_parameters[k].Data, 0);
                _parameters[k].Grad = earlierGrads[k];
            }
        }
    }
}
