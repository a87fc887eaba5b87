namespace DeepLearningCourse.Engine;

/// <summary>
/// Turns graph recording on and off for the current thread. Use <c>using (GradMode.Disable()) { ... }</c> for
/// evaluation and optimizer updates: nothing inside is recorded and no memory is kept for Backward.
/// </summary>
public static class GradMode
{
    [ThreadStatic] private static int t_disabledDepth;

    /// <summary>True when operations on tensors that require gradients are recorded.</summary>
    public static bool IsEnabled => t_disabledDepth == 0;

    /// <summary>Disables recording until the returned scope is disposed. Scopes nest.</summary>
    public static IDisposable Disable()
    {
        t_disabledDepth++;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            t_disabledDepth--;
        }
    }
}
