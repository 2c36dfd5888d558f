using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Fragments;

/// <summary>The example of docs/wire-format.md, section 7, "Fragments", byte for byte, both ways.</summary>
public class FragmentWireTests
{
    private const ulong Id = 0x0123456789ABCDEF;

    // The contract datagram [7, "ACME"].
    private static readonly byte[] Contract = [0x92, 0x07, 0xa4, 0x41, 0x43, 0x4d, 0x45];

    private static readonly byte[] FirstFrame =
    [
        0x96,                                            // array of 6
        0xa4, 0x54, 0x44, 0x47, 0x50,                    // "TDGP"
        0x03,                                            // version 3
        0x04,                                            // kind 4: fragment
        0xc4, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, // publisher id
        0x00,                                            // frame sequence 0
        0x94, 0xcd, 0x01, 0x2c, 0x07, 0x00,              // [publication 300, total 7, offset 0,
        0xc4, 0x04, 0x92, 0x07, 0xa4, 0x41,              //  bin 8 of the first 4 bytes]
    ];

    private static readonly byte[] SecondFrame =
    [
        0x96, 0xa4, 0x54, 0x44, 0x47, 0x50, 0x03, 0x04, 0xc4, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
        0x01,                                            // frame sequence 1
        0x94, 0xcd, 0x01, 0x2c, 0x07, 0x04, 0xc4, 0x03, 0x43, 0x4d, 0x45, // publication 300, total 7, offset 4, the last 3 bytes
    ];

    [Fact]
    public void The_documented_fragment_frames_are_what_a_bus_writes()
    {
        Assert.Equal(FirstFrame, FragmentFrames.Frame(Id, 0, new FragmentBody(300, 7, 0, Contract.AsSpan(0, 4))));
        Assert.Equal(SecondFrame, FragmentFrames.Frame(Id, 1, new FragmentBody(300, 7, 4, Contract.AsSpan(4))));
    }

    [Fact]
    public void The_documented_fragment_frames_reassemble_into_publication_300_of_the_publisher()
    {
        var reassembler = new Reassembler(new ReassemblyLimits(1 << 20, 4, 64, 16 << 20, TimeSpan.FromSeconds(3)));
        var outcomes = new List<FragmentOutcome>();
        ReassembledPublication whole = default;

        foreach (var frame in new[] { SecondFrame, FirstFrame })
        {
            Assert.True(PublicationHeader.TryRead(frame, out var header, out _));
            Assert.Equal((FrameKind.Fragment, Id), (header.Kind, header.PublisherId));
            Assert.True(FragmentBody.TryRead(frame.AsSpan(header.BodyOffset), out var body, out _));
            outcomes.Add(reassembler.Accept(header.PublisherId, body, 0, out var done));
            whole = done;
        }

        Assert.Equal([FragmentOutcome.Added, FragmentOutcome.Completed], outcomes);
        Assert.Equal((Id, 300UL), (whole.PublisherId, whole.Publication));
        Assert.Equal(Contract, whole.ContractDatagram);
    }
}
