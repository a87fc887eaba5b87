using System.Runtime.CompilerServices;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Bahdanau (additive) attention scores: s_ij = vᵀ tanh(q̃_i + k̃_j), where q̃ = W_q q and k̃ = W_k k are the
/// projected queries and keys (computed before this node, e.g. by <see cref="Linear"/>).
/// Shapes: q̃ [B, Tq, A], k̃ [B, Tk, A], v [A] → scores [B, Tq, Tk].
/// Backward, with u_ija = tanh(q̃_ia + k̃_ja) and e_ija = ds_ij · v_a · (1 − u²_ija):
/// dq̃_ia = Σ_j e_ija, dk̃_ja = Σ_i e_ija, dv_a = Σ_ij ds_ij · u_ija.
/// Memory is B·Tq·Tk·A floats (the tanh values kept for Backward), fine for teaching-size sequences.
/// </summary>
public sealed class AdditiveScoreNode : Node
{
    private float[]? _u;
    private Tensor? _v;
    private int _batch, _tq, _tk, _a;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 3);
        Tensor q = inputs[0], k = inputs[1], v = inputs[2];
        if (q.Rank != 3 || k.Rank != 3 || v.Rank != 1 || k.Shape[0] != q.Shape[0] || k.Shape[2] != q.Shape[2] || v.Shape[0] != q.Shape[2])
            throw new ShapeException($"{OpName}: projected queries {Tensor.ShapeText(q.Shape)}, keys {Tensor.ShapeText(k.Shape)} and v {Tensor.ShapeText(v.Shape)} do not fit; use q̃ [batch, Tq, A], k̃ [batch, Tk, A] and v [A] with the same batch and attention size A.");
        int batch = q.Shape[0], tq = q.Shape[1], tk = k.Shape[1], a = q.Shape[2];
        var u = TensorMemory.Uninitialized(batch * tq * tk * a); // every row is written below
        var s = TensorMemory.Uninitialized(batch * tq * tk);
        Scores(q.Data, k.Data, v.Data, batch, tq, tk, a, u, s);
        (_u, _v, _batch, _tq, _tk, _a) = (u, v, batch, tq, tk, a);
        return new Tensor(s, batch, tq, tk);
    }

    /// <summary>u_ij = tanh(q̃_i + k̃_j) (a row of A values each) and s_ij = Σ_a v_a · u_ija, summed in order of a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scores(float[] q, float[] k, float[] v, int batch, int tq, int tk, int a, float[] u, float[] s)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < tq; i++)
            {
                int qi = (b * tq + i) * a;
                for (int j = 0; j < tk; j++)
                {
                    int kj = (b * tk + j) * a, uij = ((b * tq + i) * tk + j) * a;
                    for (int c = 0; c < a; c++) u[uij + c] = q[qi + c] + k[kj + c];
                    Span<float> uRow = u.AsSpan(uij, a);
                    VectorMath.Tanh(uRow, uRow);
                    float sum = 0;
                    for (int c = 0; c < a; c++) sum += v[c] * uRow[c];
                    s[(b * tq + i) * tk + j] = sum;
                }
            }
        }
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        float[] u = NodeArgs.Saved(this, _u);
        float[] v = NodeArgs.Saved(this, _v).Data, g = gradOutput.Data;
        int batch = _batch, tq = _tq, tk = _tk, a = _a;
        float[] dq = TensorMemory.Zeroed(batch * tq * a), dk = TensorMemory.Zeroed(batch * tk * a), dv = TensorMemory.Zeroed(a);
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < tq; i++)
            {
                int qi = (b * tq + i) * a;
                for (int j = 0; j < tk; j++)
                {
                    int kj = (b * tk + j) * a, uij = ((b * tq + i) * tk + j) * a;
                    float ds = g[(b * tq + i) * tk + j];
                    for (int c = 0; c < a; c++)
                    {
                        float t = u[uij + c];
                        float e = ds * v[c] * (1f - t * t);
                        dq[qi + c] += e;
                        dk[kj + c] += e;
                        dv[c] += ds * t;
                    }
                }
            }
        }
        return [new Tensor(dq, batch, tq, a), new Tensor(dk, batch, tk, a), new Tensor(dv, a)];
    }

    public override void ReleaseSavedState()
    {
        (_u, _v) = (null, null);
        base.ReleaseSavedState();
    }
}
