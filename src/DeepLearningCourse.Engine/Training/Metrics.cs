namespace DeepLearningCourse.Engine;

/// <summary>
/// Classification metrics from raw model outputs. Logits [N, C] with C ≥ 2 predict the arg-max class (the first on a
/// tie); a single logit per example ([N] or [N, 1]) predicts class 1 when it is &gt; 0 (sigmoid &gt; 0.5).
/// Labels are class indices as floats, [N] (or [N, 1]).
/// </summary>
public static class Metrics
{
    /// <summary>The predicted class of each row.</summary>
    public static int[] Predictions(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank == 1 || (logits.Rank == 2 && logits.Shape[1] == 1))
            return logits.Data.Select(z => z > 0 ? 1 : 0).ToArray();
        if (logits.Rank != 2)
            throw new ShapeException($"Metrics: logits are {Tensor.ShapeText(logits.Shape)}; expected [N, C] (one score per class) or [N]/[N, 1] (one logit, binary).");
        int n = logits.Shape[0], c = logits.Shape[1];
        var predictions = new int[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = logits.Data.AsSpan(i * c, c);
            int best = 0;
            for (int j = 1; j < c; j++)
            {
                if (row[j] > row[best]) best = j;
            }
            predictions[i] = best;
        }
        return predictions;
    }

    /// <summary>Fraction of rows whose predicted class equals the label, in [0, 1].</summary>
    public static double Accuracy(Tensor logits, Tensor labels)
    {
        int[] predicted = Predictions(logits);
        int[] truth = Labels(labels, predicted.Length, logits, ClassCount(logits), "Accuracy");
        if (truth.Length == 0) return 0;
        int correct = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            if (predicted[i] == truth[i]) correct++;
        }
        return (double)correct / truth.Length;
    }

    /// <summary>Number of rows predicted correctly.</summary>
    public static int CorrectCount(Tensor logits, Tensor labels)
    {
        int[] predicted = Predictions(logits);
        int[] truth = Labels(labels, predicted.Length, logits, ClassCount(logits), "CorrectCount");
        return truth.Where((t, i) => predicted[i] == t).Count();
    }

    /// <summary>
    /// Counts [true class, predicted class]: row i, column j is how many examples of class i were predicted as j
    /// (the diagonal holds the correct ones). <paramref name="classCount"/> defaults to the logits' width (2 for a
    /// single logit).
    /// </summary>
    public static int[,] ConfusionMatrix(Tensor logits, Tensor labels, int? classCount = null)
    {
        int[] predicted = Predictions(logits);
        int classes = classCount ?? ClassCount(logits);
        int[] truth = Labels(labels, predicted.Length, logits, classes, "ConfusionMatrix");
        var matrix = new int[classes, classes];
        for (int i = 0; i < truth.Length; i++)
        {
            if (predicted[i] < classes) matrix[truth[i], predicted[i]]++;
        }
        return matrix;
    }

    /// <summary>C for logits [N, C] with C ≥ 2; 2 for a single logit per example.</summary>
    private static int ClassCount(Tensor logits) => logits.Rank == 2 && logits.Shape[1] > 1 ? logits.Shape[1] : 2;

    private static int[] Labels(Tensor labels, int rows, Tensor logits, int classes, string op)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Size != rows || labels.Rank > 2)
            throw new ShapeException($"Metrics: logits are {Tensor.ShapeText(logits.Shape)} but labels are {Tensor.ShapeText(labels.Shape)}; labels need one class index per row ([{rows}]).");
        var result = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            float v = labels.Data[i];
            if (!(v >= 0 && v < classes && v == MathF.Floor(v)))
                throw new ArgumentException($"Metrics.{op}: label {Tensor.FormatValue(v)} at row {i} is not a class index in 0..{classes - 1}; logits {Tensor.ShapeText(logits.Shape)} score {classes} classes (a single logit scores 2). Check the labels, or the model's output width{(op == "ConfusionMatrix" ? ", or pass classCount" : "")}.");
            result[i] = (int)v;
        }
        return result;
    }
}
