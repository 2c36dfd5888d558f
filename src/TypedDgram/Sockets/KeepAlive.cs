namespace TypedDgram.Sockets;

/// <summary>
/// The process-wide count of referenced, bound, open sockets: .NET's stand-in for the handles that keep Node's
/// event loop alive. <see cref="Dgram.WhenUnreferenced"/> waits for it to reach zero.
/// </summary>
internal static class KeepAlive
{
    private static readonly Lock Gate = new();
    private static int s_count;
    private static TaskCompletionSource? s_idle;

    public static void Hold()
    {
        lock (Gate)
        {
            s_count++;
        }
    }

    public static void Release()
    {
        TaskCompletionSource? idle = null;
        lock (Gate)
        {
            if (--s_count == 0)
            {
                idle = s_idle;
                s_idle = null;
            }
        }
        idle?.TrySetResult();
    }

    public static Task WhenUnreferenced()
    {
        lock (Gate)
        {
            return s_count == 0
                ? Task.CompletedTask
                : (s_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }
}
