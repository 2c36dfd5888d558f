namespace TypedDgram.Hosting.Tests;

/// <summary>Generous timeouts for a loaded 2-core machine: a test waits on an event, never on the clock.</summary>
internal static class Wait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Task<T> For<T>(Task<T> task) => task.WaitAsync(Timeout);

    public static Task For(Task task) => task.WaitAsync(Timeout);

    public static async Task<T> For<T>(ValueTask<T> task) => await task.AsTask().WaitAsync(Timeout);
}
