using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Fuzz.Contracts;

namespace TypedDgram.Fuzz;

/// <summary>
/// One fuzz input, read every way a received datagram is read: through generated dispatch (the receive path's entry
/// point) and as each contract, under the default limits and under tight ones. Nothing may throw; a failed read must
/// say why and where; the estimated allocation stays within budget; and whatever is read writes back to bytes that
/// read again to the same bytes.
/// </summary>
public static class FuzzTarget
{
    private static readonly DatagramReaderLimits Tight = new()
    {
        MaxDatagramSize = 512,
        MaxDepth = 4,
        MaxStringLength = 16,
        MaxBinaryLength = 16,
        MaxCollectionLength = 8,
        AllocationFactor = 4,
        AllocationAllowance = 128,
    };

    // For reading back what was written: the canonical form can be longer than the input (an integer decimal becomes text).
    private static readonly DatagramReaderLimits Lenient = new()
    {
        MaxDatagramSize = 65_535,
        MaxDepth = 256,
        MaxStringLength = int.MaxValue,
        MaxBinaryLength = int.MaxValue,
        MaxCollectionLength = int.MaxValue,
        AllocationFactor = 1024,
    };

    private static readonly DatagramReaderLimits[] LimitSets = [DatagramReaderLimits.Default, Tight];
    private static readonly FuzzHandlers Handlers = new();
    private static readonly RemoteInfo From = new("127.0.0.1", "IPv4", 9, 0);

    /// <summary>Inputs run so far.</summary>
    public static long Executions { get; private set; }

    /// <summary>Runs one input; throws <see cref="FuzzFailure"/> (or whatever escaped the reader) on a bug.</summary>
    public static void Run(ReadOnlySpan<byte> data)
    {
        Executions++;
        var datagram = data.ToArray();
        foreach (var limits in LimitSets)
        {
            Dispatch(datagram, limits);
            Read<Ping>(datagram, limits);
            Read<Pong>(datagram, limits);
            Read<Everything>(datagram, limits);
            Read<Settings>(datagram, limits);
            Read<Hashed>(datagram, limits);
            Read<Secret>(datagram, limits);
        }

        BusFuzzTarget.Run(datagram);
        AuthenticatedTarget.Run(datagram);
    }

    private static void Dispatch(byte[] datagram, DatagramReaderLimits limits)
    {
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(limits);
        var status = DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out var memberCount)
            ? ((IDatagramHandlers)Handlers).Dispatch(typeId, ref reader, memberCount, ref context, From).Status
            : DispatchStatus.Malformed;
        var malformed = status == DispatchStatus.Malformed;
        Check(malformed == (context.Failure != MalformedDatagramReason.None), $"dispatch {status} with failure {context.Failure}");
        CheckContext(context, datagram, limits);
    }

    private static void Read<T>(byte[] datagram, DatagramReaderLimits limits)
        where T : IDatagram<T>
    {
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(limits);
        var ok = DatagramEnvelope.TryRead(ref reader, ref context, out T value, out _);
        Check(ok == (context.Failure == MalformedDatagramReason.None), $"{typeof(T).Name}: read {ok} with failure {context.Failure}");
        CheckContext(context, datagram, limits);
        if (ok)
        {
            Check(datagram.Length <= limits.MaxDatagramSize, $"{typeof(T).Name}: a datagram over MaxDatagramSize was read");
            RoundTrip(value);
        }
    }

    // Writing what was read is canonical: it reads back, and writes again to the very same bytes.
    private static void RoundTrip<T>(T value)
        where T : IDatagram<T>
    {
        var written = DatagramEnvelope.Serialize(value);
        if (written.Length > Lenient.MaxDatagramSize)
        {
            return;
        }

        var reader = new MessagePackReader(written);
        var context = new DatagramReadContext(Lenient);
        if (!DatagramEnvelope.TryRead(ref reader, ref context, out T again, out _))
        {
            throw new FuzzFailure($"{typeof(T).Name}: what was read writes as bytes that do not read ({context.Failure} at {context.FailureOffset}): {Convert.ToHexString(written)}");
        }

        var rewritten = DatagramEnvelope.Serialize(again);
        Check(rewritten.AsSpan().SequenceEqual(written), $"{typeof(T).Name}: writing is not canonical: {Convert.ToHexString(written)} then {Convert.ToHexString(rewritten)}");
    }

    private static void CheckContext(in DatagramReadContext context, byte[] datagram, DatagramReaderLimits limits)
    {
        Check(context.Allocated <= limits.AllocationBudget(datagram.Length), $"allocated {context.Allocated} over the budget");
        if (context.Failure != MalformedDatagramReason.None)
        {
            Check(context.FailureOffset >= 0 && context.FailureOffset <= datagram.Length, $"failure offset {context.FailureOffset} outside the datagram");
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzFailure(message);
        }
    }
}
