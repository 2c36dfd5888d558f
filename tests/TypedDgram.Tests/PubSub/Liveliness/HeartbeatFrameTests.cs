using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Liveliness;

/// <summary>The heartbeat frame of docs/wire-format.md, section 7, "Heartbeats", byte by byte.</summary>
public class HeartbeatFrameTests
{
    [Fact]
    public void Heartbeat_frame_is_written_byte_for_byte_as_documented()
    {
        byte[] expected =
        [
            0x96,                                            // array of 6
            0xa4, 0x54, 0x44, 0x47, 0x50,                    // "TDGP"
            0x03,                                            // version 3
            0x02,                                            // kind 2: heartbeat
            0xc4, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, // bin 8: publisher id
            0x05,                                            // the heartbeat frame's own number, 5
            0x92,                                            // body: array of 2
            0xcd, 0x01, 0x2c,                                //   highest publication number 300
            0xcd, 0x0b, 0xb8,                                //   lease 3,000 ms
        ];

        Assert.Equal(expected, LivelinessBusTests.Heartbeat(0x0123456789ABCDEF, frameSequence: 5, highest: 300, lease: 3000));
    }

    [Fact]
    public void The_documented_heartbeat_frame_reads_back_as_kind_2_with_its_body()
    {
        var frame = LivelinessBusTests.Heartbeat(0x0123456789ABCDEF, frameSequence: 5, highest: 300, lease: 3000);

        Assert.True(PublicationHeader.TryRead(frame, out var header, out _));
        Assert.True(HeartbeatBody.TryRead(frame.AsSpan(header.BodyOffset), out var highest, out var lease, out _));

        Assert.Equal((FrameKind.Heartbeat, 0x0123456789ABCDEFUL, 5UL, 19), (header.Kind, header.PublisherId, header.Sequence, header.BodyOffset));
        Assert.Equal((300UL, 3000L), (highest, lease));
    }
}
