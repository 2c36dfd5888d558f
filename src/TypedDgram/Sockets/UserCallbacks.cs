namespace TypedDgram.Sockets;

/// <summary>
/// How the library calls code it does not own (an event handler, a subscriber): an exception thrown there never
/// escapes into the library's loops. It goes to the owner's <c>Error</c>; an <c>Error</c> handler that throws, or no
/// handler at all, hands it to <see cref="Dgram.UnhandledError"/>.
/// </summary>
internal static class UserCallbacks
{
    /// <summary>Raises an <c>Error</c> event now: to <paramref name="handler"/>, else (or if it throws) to <see cref="Dgram.UnhandledError"/> for <paramref name="socket"/>.</summary>
    public static void RaiseError(Action<Exception>? handler, Exception error, DgramSocket socket)
    {
        if (handler is null)
        {
            Dgram.OnUnhandledError(socket, error);
            return;
        }
        try
        {
            handler(error);
        }
        catch (Exception handlerError)
        {
            Dgram.OnUnhandledError(socket, handlerError);
        }
    }

    /// <summary>
    /// Raises an <c>Error</c> event now: to <paramref name="handler"/>, else (or if it throws) to
    /// <paramref name="unhandled"/>, for an owner that is not one socket (a bus over a broker connection).
    /// </summary>
    public static void RaiseError(Action<Exception>? handler, Exception error, Action<Exception> unhandled)
    {
        if (handler is null)
        {
            unhandled(error);
            return;
        }
        try
        {
            handler(error);
        }
        catch (Exception handlerError)
        {
            unhandled(handlerError);
        }
    }

    /// <summary>Calls <paramref name="handler"/>, if any, with <paramref name="arg"/>; an exception it throws goes to <paramref name="reportError"/>.</summary>
    public static void Invoke<T>(Action<T>? handler, T arg, Action<Exception> reportError)
    {
        if (handler is null)
        {
            return;
        }
        try
        {
            handler(arg);
        }
        catch (Exception handlerError)
        {
            reportError(handlerError);
        }
    }

    /// <summary>Calls <paramref name="handler"/>, if any, with two arguments; an exception it throws goes to <paramref name="reportError"/>.</summary>
    public static void Invoke<T1, T2>(Action<T1, T2>? handler, T1 arg1, T2 arg2, Action<Exception> reportError)
    {
        if (handler is null)
        {
            return;
        }
        try
        {
            handler(arg1, arg2);
        }
        catch (Exception handlerError)
        {
            reportError(handlerError);
        }
    }
}
