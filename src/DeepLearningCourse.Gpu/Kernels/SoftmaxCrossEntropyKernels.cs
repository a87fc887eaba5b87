using ILGPU;
using ILGPU.Algorithms;

namespace DeepLearningCourse.Engine;

/// <summary>
/// Softmax cross-entropy, averaged over the batch: logits [N, C], labels [N] (class indices stored as floats)
/// → loss [1] = (1/N) Σₙ −log softmax(logitsₙ)[labelₙ]; gradient dlogits = (softmax(logits) − onehot(labels)) / N.
/// </summary>
public static class SoftmaxCrossEntropyKernels
{
    /// <summary>
    /// One thread per row: subtract the row maximum (so exp never overflows), exponentiate, normalise; store the
    /// probabilities (the backward pass needs them) and the row's loss log Σ exp(z − max) − (z[label] − max).
    /// </summary>
    public static void ForwardRows(Index1D row, ArrayView<float> logits, ArrayView<float> labels,
        ArrayView<float> probabilities, ArrayView<float> rowLosses, int classes)
    {
        int start = row * classes;
        float max = logits[start];
        for (int j = 1; j < classes; j++) max = XMath.Max(max, logits[start + j]);
        float sum = 0;
        for (int j = 0; j < classes; j++)
        {
            float e = XMath.Exp(logits[start + j] - max);
            probabilities[start + j] = e;
            sum += e;
        }
        for (int j = 0; j < classes; j++) probabilities[start + j] /= sum;
        int label = (int)labels[row];
        rowLosses[row] = XMath.Log(sum) - (logits[start + label] - max);
    }

    /// <summary>
    /// A single thread adds the row losses in order and divides by N. Serial, but N is a batch size (≤ a few
    /// thousand) and a fixed order keeps the loss bitwise reproducible.
    /// </summary>
    public static void MeanOfRows(Index1D index, ArrayView<float> rowLosses, ArrayView<float> loss, int rows)
    {
        if (index != 0) return;
        float sum = 0;
        for (int i = 0; i < rows; i++) sum += rowLosses[i];
        loss[0] = sum / rows;
    }

    /// <summary>One thread per logit: dlogits[n, j] = (p[n, j] − [j = labelₙ]) · scale, with scale = 1/N.</summary>
    public static void Backward(Index1D index, ArrayView<float> probabilities, ArrayView<float> labels,
        ArrayView<float> gradLogits, int classes, float scale)
    {
        int row = index / classes, column = index % classes;
        float target = (int)labels[row] == column ? 1f : 0f;
        gradLogits[index] = (probabilities[index] - target) * scale;
    }
}
