using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// The batch a publisher is filling while an earlier send is in flight: a pooled buffer holding the frame header of
/// its first publication's number, the body's array header (count filled in when it is sent) and the contract
/// datagrams appended so far. Used under the publish lock only.
/// </summary>
internal sealed class PendingBatch
{
    private PendingBatch(byte[] buffer, int headerLength, ulong first, TransportDestination destination, int maxLength)
    {
        Buffer = buffer;
        HeaderLength = headerLength;
        First = first;
        Destination = destination;
        MaxLength = maxLength;
        Length = headerLength + BatchBody.ArrayHeaderLength;
    }

    /// <summary>The pooled buffer: header, array header, elements.</summary>
    public byte[] Buffer { get; }

    /// <summary>The frame header's length (a batch frame of <see cref="First"/>).</summary>
    public int HeaderLength { get; }

    /// <summary>The number of the batch's first publication: the frame's sequence.</summary>
    public ulong First { get; }

    /// <summary>Where every publication of the batch goes (a link may send each contract elsewhere).</summary>
    public TransportDestination Destination { get; }

    /// <summary>The most bytes the frame may hold before its tag, if any: MaxDatagramSize less the tag element.</summary>
    public int MaxLength { get; }

    /// <summary>The bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The publications appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Where the first contract datagram starts.</summary>
    public int ElementsStart => HeaderLength + BatchBody.ArrayHeaderLength;

    /// <summary>The contract datagrams' bytes (what the back-pressure bound counts).</summary>
    public int ContentLength => Length - ElementsStart;

    /// <summary>Completed when the batch has been handed to the system; created by the first <c>PublishAsync</c> that joins.</summary>
    public TaskCompletionSource? Waiter { get; private set; }

    /// <summary>
    /// A batch starting with publication <paramref name="first"/> in the pooled <paramref name="buffer"/> (at least
    /// MaxDatagramSize bytes), whose frame header of <paramref name="headerLength"/> bytes the caller has written.
    /// </summary>
    public static PendingBatch Start(byte[] buffer, int headerLength, int maxLength, ulong first, TransportDestination destination)
    {
        BatchBody.WriteArrayHeader(buffer.AsSpan(headerLength));
        return new PendingBatch(buffer, headerLength, first, destination, maxLength);
    }

    /// <summary>Whether a contract datagram of <paramref name="length"/> bytes for <paramref name="destination"/> still fits.</summary>
    public bool Fits(int length, TransportDestination destination) =>
        Count < BatchBody.MaxElements && Length + length <= MaxLength && destination.Equals(Destination);

    /// <summary>Appends a contract datagram (the caller checked <see cref="Fits"/>, or it is the first).</summary>
    public void Add(ReadOnlySpan<byte> contract)
    {
        contract.CopyTo(Buffer.AsSpan(Length));
        Length += contract.Length;
        Count++;
    }

    /// <summary>The one contract datagram of a batch of one (written alone instead, so the lone wire is unchanged).</summary>
    public ReadOnlySpan<byte> Single => Buffer.AsSpan(ElementsStart, Length - ElementsStart);

    /// <summary>The completion a joining <c>PublishAsync</c> waits for.</summary>
    public Task Join() => (Waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Fills in the count and gives up the buffer (to the sender, which returns it to the pool), with its length so far.</summary>
    public byte[] Finish(out int length)
    {
        BatchBody.SetCount(Buffer.AsSpan(HeaderLength), Count);
        length = Length;
        return Buffer;
    }
}
