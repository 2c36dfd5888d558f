namespace TypedDgram.Tests.Sockets;

/// <summary>Generous timeouts for a loaded 2-core machine: a test waits on an event, never on the clock.</summary>
internal static class Wait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Task<T> For<T>(TaskCompletionSource<T> source) => source.Task.WaitAsync(Timeout);

    public static Task For(TaskCompletionSource source) => source.Task.WaitAsync(Timeout);

    public static Task For(Task task) => task.WaitAsync(Timeout);

    public static Task<T> For<T>(Task<T> task) => task.WaitAsync(Timeout);

    public static TaskCompletionSource<T> Source<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TaskCompletionSource Source() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
