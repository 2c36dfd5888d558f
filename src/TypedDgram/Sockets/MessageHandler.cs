namespace TypedDgram.Sockets;

/// <summary>
/// Handles a received datagram (Node's <c>'message'</c> listener). <paramref name="msg"/> is a fresh array the
/// handler owns; <paramref name="rinfo"/> says who sent it and how many bytes arrived.
/// </summary>
/// <param name="msg">The datagram's bytes.</param>
/// <param name="rinfo">The sender's address, family and port, and the datagram's size.</param>
public delegate void MessageHandler(byte[] msg, RemoteInfo rinfo);
