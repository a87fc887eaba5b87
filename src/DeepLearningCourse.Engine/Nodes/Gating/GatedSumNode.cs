namespace DeepLearningCourse.Engine;

/// <summary>
/// Gated sum, the step that LSTMs, attention and mixtures of experts share: y = Σ_e g_e · v_e, where the gates g are
/// computed from the data (a softmax for attention and mixtures of experts, sigmoids in an LSTM) and multiply whole
/// candidate values v_e (values at input positions, experts' outputs, old and new cell states).
/// Inputs: gates g [batch, E], then E values v_0 … v_{E−1}, each [batch, …] with the same shape → y with that shape.
/// Backward returns [dg, dv_0, …, dv_{E−1}]: dg_be = Σ over the rest of row b of dy ⊙ v_e (how much more of value e
/// would lower the loss: this is how a gate learns to choose), and dv_e = g_e · dy (an expert hears about an example
/// only as much as it was used for it: the backward pass is gated like the forward pass).
/// </summary>
public sealed class GatedSumNode : Node
{
    private Tensor? _gates;
    private Tensor[]? _values;

    public override Tensor Forward(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length < 2)
            throw new ArgumentException($"{OpName}: expected gates [batch, E] followed by E values but got {inputs.Length} input(s).");
        Tensor g = inputs[0];
        Tensor[] values = inputs[1..];
        int experts = values.Length;
        if (g.Rank != 2 || g.Shape[1] != experts)
            throw new ShapeException($"{OpName}: gates are {Tensor.ShapeText(g.Shape)} but {experts} values were given; gates must be [batch, {experts}], one column per value.");
        int batch = g.Shape[0];
        for (int e = 0; e < experts; e++)
        {
            if (values[e].Rank < 1 || values[e].Shape[0] != batch || !values[e].SameShape(values[0]))
                throw new ShapeException($"{OpName}: value {e} is {Tensor.ShapeText(values[e].Shape)} but value 0 is {Tensor.ShapeText(values[0].Shape)} and the gates are {Tensor.ShapeText(g.Shape)}; every value must have the same shape [{batch}, …].");
        }
        int row = values[0].Size / Math.Max(1, batch);
        var y = new float[values[0].Size];
        for (int e = 0; e < experts; e++)
        {
            float[] v = values[e].Data;
            for (int b = 0; b < batch; b++)
            {
                float gate = g.Data[b * experts + e];
                for (int k = b * row; k < (b + 1) * row; k++) y[k] += gate * v[k];
            }
        }
        (_gates, _values) = (g, values);
        return new Tensor(y, values[0].Shape);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor g = NodeArgs.Saved(this, _gates);
        Tensor[] values = NodeArgs.Saved(this, _values);
        int batch = g.Shape[0], experts = values.Length, row = values[0].Size / Math.Max(1, batch);
        float[] dy = gradOutput.Data;
        var result = new Tensor?[experts + 1];
        var dg = TensorMemory.Zeroed(g.Size);
        for (int e = 0; e < experts; e++)
        {
            float[] v = values[e].Data;
            var dv = TensorMemory.Zeroed(v.Length);
            for (int b = 0; b < batch; b++)
            {
                float gate = g.Data[b * experts + e], sum = 0;
                for (int k = b * row; k < (b + 1) * row; k++)
                {
                    sum += dy[k] * v[k];
                    dv[k] = gate * dy[k];
                }
                dg[b * experts + e] = sum;
            }
            result[e + 1] = new Tensor(dv, values[e].Shape);
        }
        result[0] = new Tensor(dg, g.Shape);
        return result;
    }

    public override void ReleaseSavedState()
    {
        (_gates, _values) = (null, null);
        base.ReleaseSavedState();
    }
}
