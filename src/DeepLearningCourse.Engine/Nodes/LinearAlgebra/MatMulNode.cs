namespace DeepLearningCourse.Engine;

/// <summary>
/// Matrix product C = A · B.
/// Shapes: A [M, K] · B [K, N] → C [M, N]; batched A [batch, M, K] · B [batch, K, N] → [batch, M, N];
/// and A [batch, M, K] · B [K, N] → [batch, M, N] (B shared by every batch item).
/// Backward: dA = dC · Bᵀ and dB = Aᵀ · dC (summed over the batch when B is shared).
/// </summary>
public sealed class MatMulNode : Node
{
    private Tensor? _a, _b;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 2);
        Tensor a = inputs[0], b = inputs[1];
        var (batch, m, k, n, shared) = Dimensions(a, b);
        (_a, _b) = (a, b);
        var c = TensorMemory.Zeroed(batch * m * n);
        for (int i = 0; i < batch; i++)
        {
            Gemm.Multiply(a.Data.AsSpan(i * m * k, m * k), b.Data.AsSpan(shared ? 0 : i * k * n, k * n),
                c.AsSpan(i * m * n, m * n), m, n, k);
        }
        return a.Rank == 2 ? new Tensor(c, m, n) : new Tensor(c, batch, m, n);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor a = NodeArgs.Saved(this, _a), b = NodeArgs.Saved(this, _b);
        var (batch, m, k, n, shared) = Dimensions(a, b);
        bool needA = NeedsGradient(0), needB = NeedsGradient(1);
        var da = needA ? TensorMemory.Zeroed(a.Size) : null;
        var db = needB ? TensorMemory.Zeroed(b.Size) : null;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> g = gradOutput.Data.AsSpan(i * m * n, m * n);
            int bOffset = shared ? 0 : i * k * n;
            // dA[M, K] = dC[M, N] · B[K, N]ᵀ
            if (da is not null) Gemm.Multiply(g, b.Data.AsSpan(bOffset, k * n), da.AsSpan(i * m * k, m * k), m, k, n, transposeB: true);
            // dB[K, N] = A[M, K]ᵀ · dC[M, N]; a shared B sums the contributions of every batch item.
            if (db is not null) Gemm.Multiply(a.Data.AsSpan(i * m * k, m * k), g, db.AsSpan(bOffset, k * n), k, n, m, transposeA: true, accumulate: shared && i > 0);
        }
        return [da is null ? null : new Tensor(da, a.Shape), db is null ? null : new Tensor(db, b.Shape)];
    }

    /// <summary>dx, dW and db are new arrays on every call.</summary>
    protected internal override bool ReturnsNewGradients => true;

    public override void ReleaseSavedState()
    {
        (_a, _b) = (null, null);
        base.ReleaseSavedState();
    }

    private (int Batch, int M, int K, int N, bool SharedB) Dimensions(Tensor a, Tensor b)
    {
        bool ok = (a.Rank, b.Rank) is (2, 2) or (3, 3) or (3, 2);
        if (ok && a.Rank == 3 && b.Rank == 3 && a.Shape[0] != b.Shape[0])
            throw new ShapeException($"{OpName}: A is {Tensor.ShapeText(a.Shape)} but B is {Tensor.ShapeText(b.Shape)}; batch sizes {a.Shape[0]} and {b.Shape[0]} (axis 0) must match, or pass B as [K, N] to share it across the batch.");
        if (!ok)
            throw new ShapeException($"{OpName}: A is {Tensor.ShapeText(a.Shape)} and B is {Tensor.ShapeText(b.Shape)}; use [M, K]·[K, N], [batch, M, K]·[batch, K, N] or [batch, M, K]·[K, N].");
        int k = a.Shape[^1], kb = b.Shape[^2];
        if (k != kb)
            throw new ShapeException($"{OpName}: A is {Tensor.ShapeText(a.Shape)} but B is {Tensor.ShapeText(b.Shape)}; inner sizes {k} and {kb} must match.");
        int batch = a.Rank == 3 ? a.Shape[0] : 1;
        return (batch, a.Shape[^2], k, b.Shape[^1], a.Rank == 3 && b.Rank == 2);
    }
}
