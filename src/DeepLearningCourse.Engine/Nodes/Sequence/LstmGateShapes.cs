namespace DeepLearningCourse.Engine;

/// <summary>Shape check shared by the fused LSTM gate nodes: z [B, 4·H] next to a state [B, H].</summary>
internal static class LstmGateShapes
{
    public static (int Batch, int Hidden) Check(Node node, Tensor z, Tensor state, string stateName)
    {
        NodeArgs.Rank(node, z, 2, "z (gate pre-activations)", "[batch, 4·hidden], gates i, f, g, o");
        NodeArgs.Rank(node, state, 2, stateName, "[batch, hidden]");
        int batch = state.Shape[0], hidden = state.Shape[1];
        if (z.Shape[0] != batch || z.Shape[1] != 4 * hidden)
            throw new ShapeException($"{node.OpName}: z is {Tensor.ShapeText(z.Shape)} but {stateName} is {Tensor.ShapeText(state.Shape)}; z must be [batch, 4·hidden] = [{batch}, {4 * hidden}] (gates i, f, g, o).");
        return (batch, hidden);
    }
}
