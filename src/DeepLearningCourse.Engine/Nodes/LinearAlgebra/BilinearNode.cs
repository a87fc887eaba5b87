namespace DeepLearningCourse.Engine;

/// <summary>
/// Bilinear form, the core of a multiplicative interaction: y_o = Σ_ij x_i W_ijo z_j. Each output is a sum of
/// products x_i · z_j, so one weight can represent a product such as x · z exactly (no hidden units needed).
/// Shapes: x [batch, I], z [batch, J], W [I, J, O] → y [batch, O].
/// Forward forms the outer products p[b, i·J + j] = x_bi z_bj ([batch, I·J], kept for Backward) and multiplies by
/// W viewed as [I·J, O]. Backward returns [dx, dz, dW] with dp = dy · Wᵀ,
/// dx_bi = Σ_j dp[b, ij] z_bj, dz_bj = Σ_i dp[b, ij] x_bi, dW = pᵀ · dy.
/// </summary>
public sealed class BilinearNode : Node
{
    private Tensor? _x, _z, _w;
    private float[]? _products;

    public override Tensor Forward(params Tensor[] inputs)
    {
        NodeArgs.Count(this, inputs, 3);
        Tensor x = inputs[0], z = inputs[1], w = inputs[2];
        NodeArgs.Rank(this, w, 3, "W", "[I, J, O]");
        int i = w.Shape[0], j = w.Shape[1], o = w.Shape[2];
        if (x.Rank != 2 || z.Rank != 2 || x.Shape[1] != i || z.Shape[1] != j || x.Shape[0] != z.Shape[0])
            throw new ShapeException($"{OpName}: x is {Tensor.ShapeText(x.Shape)}, z is {Tensor.ShapeText(z.Shape)} and W is {Tensor.ShapeText(w.Shape)}; use x [batch, {i}] and z [batch, {j}] with the same batch (W is [I, J, O]).");
        int batch = x.Shape[0];
        var products = TensorMemory.Zeroed(batch * i * j);
        for (int b = 0; b < batch; b++)
        {
            for (int p = 0; p < i; p++)
            {
                float xp = x.Data[b * i + p];
                int row = (b * i + p) * j;
                for (int q = 0; q < j; q++) products[row + q] = xp * z.Data[b * j + q];
            }
        }
        var y = TensorMemory.Zeroed(batch * o);
        Gemm.Multiply(products, w.Data, y, batch, o, i * j);
        (_x, _z, _w, _products) = (x, z, w, products);
        return new Tensor(y, batch, o);
    }

    public override Tensor?[] Backward(Tensor gradOutput)
    {
        Tensor x = NodeArgs.Saved(this, _x), z = NodeArgs.Saved(this, _z), w = NodeArgs.Saved(this, _w);
        float[] products = NodeArgs.Saved(this, _products);
        int batch = x.Shape[0], i = w.Shape[0], j = w.Shape[1], o = w.Shape[2];
        var result = new Tensor?[3];
        if (NeedsGradient(0) || NeedsGradient(1))
        {
            // dp [batch, I·J] = dy [batch, O] · W [I·J, O]ᵀ
            var dp = TensorMemory.Zeroed(batch * i * j);
            Gemm.Multiply(gradOutput.Data, w.Data, dp, batch, i * j, o, transposeB: true);
            var dx = TensorMemory.Zeroed(batch * i);
            var dz = TensorMemory.Zeroed(batch * j);
            for (int b = 0; b < batch; b++)
            {
                for (int p = 0; p < i; p++)
                {
                    float xp = x.Data[b * i + p], sum = 0;
                    int row = (b * i + p) * j;
                    for (int q = 0; q < j; q++)
                    {
                        sum += dp[row + q] * z.Data[b * j + q];
                        dz[b * j + q] += dp[row + q] * xp;
                    }
                    dx[b * i + p] = sum;
                }
            }
            result[0] = new Tensor(dx, x.Shape);
            result[1] = new Tensor(dz, z.Shape);
        }
        if (NeedsGradient(2))
        {
            // dW [I·J, O] = p [batch, I·J]ᵀ · dy [batch, O]
            var dw = TensorMemory.Zeroed(w.Size);
            Gemm.Multiply(products, gradOutput.Data, dw, i * j, o, batch, transposeA: true);
            result[2] = new Tensor(dw, w.Shape);
        }
        return result;
    }

    public override void ReleaseSavedState()
    {
        (_x, _z, _w, _products) = (null, null, null, null);
        base.ReleaseSavedState();
    }
}
