namespace TypedDgram.Tests.Reliability;

/// <summary>
/// Records every task exception nobody observed while it is alive. <see cref="AssertNoneAsync"/> first lets faulted
/// tasks be collected and finalized (finalization is what raises <see cref="TaskScheduler.UnobservedTaskException"/>).
/// </summary>
internal sealed class UnobservedExceptions : IDisposable
{
    private readonly List<Exception> _seen = [];

    public UnobservedExceptions() => TaskScheduler.UnobservedTaskException += OnUnobserved;

    public async Task AssertNoneAsync()
    {
        // Tasks faulted in the test may still be referenced by a continuation about to run.
        await Task.Yield();
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        lock (_seen)
        {
            Assert.True(_seen.Count == 0, "unobserved task exceptions: " + string.Join("; ", _seen));
        }
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        lock (_seen)
        {
            _seen.Add(e.Exception);
        }
    }
}
