using System.Buffers;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// The frame layer every kind after a lone publication rides on (docs/wire-format.md section 7, "Frames"): the
/// version 3 header, frames of a kind this version does not know ignored without touching any count, and
/// <c>SendFrame</c> numbering each kind on its own.
/// </summary>
public class FrameTests
{
    private const ulong Publisher = 0x0123_4567_89AB_CDEF;
    private static readonly byte[] Body = [0x92, 0x07, 0xa4, (byte)'A', (byte)'C', (byte)'M', (byte)'E'];

    [Fact]
    public void Version_3_header_is_written_byte_by_byte_and_read_back_with_its_kind()
    {
        var buffer = new byte[PlainFrame.MaxHeaderLength + Body.Length];
        var length = PlainFrame.WriteHeader(buffer, FrameKind.Heartbeat, Publisher, 300);
        Body.CopyTo(buffer, length);
        var frame = buffer[..(length + Body.Length)];

        byte[] expected =
        [
            0x96, 0xa4, (byte)'T', (byte)'D', (byte)'G', (byte)'P', 0x03, 0x02,
            0xc4, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
            0xcd, 0x01, 0x2c,
            .. Body,
        ];
        Assert.Equal(expected, frame);

        Assert.True(PublicationHeader.TryRead(frame, out var header, out _));
        Assert.Equal(new FrameHeader(FrameKind.Heartbeat, Publisher, 300, 21), header);
    }

    [Fact]
    public void Version_1_publication_reads_as_kind_publication()
    {
        var publication = Loopback.Publication(Publisher, 5, Body);

        Assert.True(PublicationHeader.TryRead(publication, out var header, out _));
        Assert.Equal((FrameKind.Publication, Publisher, 5UL), (header.Kind, header.PublisherId, header.Sequence));
    }

    [Theory]
    [InlineData(new byte[] { 0x96, 0xa4, (byte)'T', (byte)'D', (byte)'G', (byte)'P', 0x03, 0xc0 }, "kind is not an unsigned integer")]
    [InlineData(new byte[] { 0x96, 0xa4, (byte)'T', (byte)'D', (byte)'G', (byte)'P', 0x03, 0x02, 0xc4, 0x02, 0x01, 0x02 }, "publisher id is not a bin of 8 bytes")]
    [InlineData(new byte[] { 0x95, 0xa4, (byte)'T', (byte)'D', (byte)'G', (byte)'P', 0x03, 0x02 }, "a version 3 frame header is an array of 6 elements")]
    [InlineData(new byte[] { 0x96, 0xa4, (byte)'T', (byte)'D', (byte)'G', (byte)'P', 0x04 }, "unsupported version 4")]
    public void Bad_version_3_headers_say_what_is_wrong(byte[] datagram, string reason)
    {
        Assert.False(PublicationHeader.TryRead(datagram, out _, out var error));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frames_of_a_kind_unknown_here_are_ignored_and_change_no_count()
    {
        await using var bus = await Loopback.JoinAsync();
        var inbox = new Inbox<Tick>();
        using var subscription = bus.Subscribe<Tick>(inbox.Add);
        var malformed = 0;
        bus.Malformed += _ => Interlocked.Increment(ref malformed);
        await using var raw = await Loopback.RawSenderAsync();

        await raw.SendAsync(Loopback.Publication(Publisher, 0, new Tick("first", 1)), bus.Port, bus.Group);
        await raw.SendAsync(PlainFrameOf((FrameKind)99, Publisher, 1_000, Body), bus.Port, bus.Group);
        await raw.SendAsync(PlainFrameOf((FrameKind)99, ~Publisher, 0, Body), bus.Port, bus.Group);
        await raw.SendAsync(Loopback.Publication(Publisher, 1, new Tick("second", 2)), bus.Port, bus.Group);
        await inbox.WhenCount(2);

        var stats = bus.Stats;
        var publisher = Assert.Single(stats.Publishers);
        Assert.Equal((2L, 0L, 0L), (publisher.Received, publisher.Lost, publisher.Stale));
        Assert.Equal((0L, 0L, 0L), (stats.Malformed, stats.Unhandled, stats.Rejected));
        Assert.Equal(0, malformed);
        Assert.Equal(["first", "second"], inbox.Messages.Select(t => t.Symbol));
    }

    [Fact]
    public async Task Keyed_frames_of_a_kind_unknown_here_are_ignored_and_change_no_count()
    {
        var key = KeyedFrames.Key(1);
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, Key = key });
        var inbox = new Inbox<Tick>();
        using var subscription = bus.Subscribe<Tick>(inbox.Add);
        await using var raw = await Loopback.RawSenderAsync();

        await raw.SendAsync(KeyedFrames.Publication(key, Publisher, 0, new Tick("first", 1)), bus.Port, bus.Group);
        await raw.SendAsync(SealedFrameOf(key, (FrameKind)99, Publisher, 0, Body), bus.Port, bus.Group);
        await raw.SendAsync(KeyedFrames.Publication(key, Publisher, 1, new Tick("second", 2)), bus.Port, bus.Group);
        await inbox.WhenCount(2);

        var stats = bus.Stats;
        Assert.Equal((2L, 0L), (Assert.Single(stats.Publishers).Received, Assert.Single(stats.Publishers).Lost));
        Assert.Equal((0L, 0L), (stats.Malformed, stats.Rejected));
    }

    [Fact]
    public async Task SendFrame_numbers_each_kind_from_0_and_seals_with_a_key()
    {
        var key = KeyedFrames.Key(3);
        foreach (var keyed in new[] { false, true })
        {
            await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, Key = keyed ? key : null });
            await using var listener = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });
            await listener.BindAsync(bus.Port);
            listener.AddMembership(bus.Group, Loopback.Interface);
            var frames = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
            listener.Message += (datagram, _) => frames.Writer.TryWrite(datagram);

            Assert.Equal(0UL, bus.SendFrame(FrameKind.Heartbeat, Body));
            Assert.Equal(1UL, bus.SendFrame(FrameKind.Heartbeat, Body));
            Assert.Equal(0UL, bus.SendFrame(FrameKind.Nak, Body));

            var seen = new List<(FrameKind, ulong)>();
            var ring = new BusKeyRing(key, [], confidential: false, publisherId: 1);
            for (var i = 0; i < 3; i++)
            {
                var datagram = await frames.Reader.ReadAsync().AsTask().Within();
                ReceivedFrame frame;
                if (keyed)
                {
                    Assert.Equal(FrameVerdict.Opened, ring.Open(datagram, out frame, out _));
                }
                else
                {
                    Assert.True(PublicationHeader.TryRead(datagram, out var header, out _));
                    frame = new ReceivedFrame(header, datagram.AsMemory(header.BodyOffset));
                }

                Assert.Equal(bus.PublisherId, frame.PublisherId);
                Assert.Equal(Body, frame.Body.ToArray());
                seen.Add((frame.Kind, frame.Sequence));
            }

            Assert.Equal([(FrameKind.Heartbeat, 0UL), (FrameKind.Heartbeat, 1UL), (FrameKind.Nak, 0UL)], seen.Order());
        }
    }

    [Fact]
    public async Task SendFrame_on_a_disposed_bus_sends_nothing()
    {
        var bus = await Loopback.JoinAsync();
        await bus.DisposeAsync();

        Assert.Null(bus.SendFrame(FrameKind.Heartbeat, Body));
    }

    internal static byte[] PlainFrameOf(FrameKind kind, ulong publisherId, ulong sequence, byte[] body)
    {
        var buffer = new byte[PlainFrame.MaxHeaderLength + body.Length];
        var length = PlainFrame.WriteHeader(buffer, kind, publisherId, sequence);
        body.CopyTo(buffer, length);
        return buffer[..(length + body.Length)];
    }

    internal static byte[] SealedFrameOf(GroupKey key, FrameKind kind, ulong publisherId, ulong sequence, byte[] body)
    {
        var ring = new BusKeyRing(key, [], confidential: false, publisherId);
        var buffer = ArrayPool<byte>.Shared.Rent(SecureFrame.MaxHeaderLength + body.Length);
        var length = SecureFrame.WriteHeader(buffer, kind, ring.Suite, key.Id, publisherId, sequence);
        var headerLength = length;
        body.CopyTo(buffer, length);
        length += body.Length;
        buffer = ring.Seal(buffer, ref length, headerLength, kind, sequence);
        var bytes = buffer.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(buffer);
        return bytes;
    }
}
