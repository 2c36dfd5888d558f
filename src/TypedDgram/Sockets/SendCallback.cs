namespace TypedDgram.Sockets;

/// <summary>
/// Called once a send completes (Node's send callback): <paramref name="error"/> is null on success and
/// <paramref name="bytes"/> is the number of bytes sent. Never invoked inside the <c>Send</c> call itself.
/// </summary>
/// <param name="error">The failure (a DNS or system error such as <c>EMSGSIZE</c>), or null.</param>
/// <param name="bytes">The number of bytes sent; 0 on failure.</param>
public delegate void SendCallback(DgramException? error, int bytes);
