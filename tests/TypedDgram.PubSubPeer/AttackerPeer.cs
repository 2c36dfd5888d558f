using System.Buffers.Binary;
using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// <c>attack group= port= interface= publisher=HEX</c>: an attacker on the group without the key (issue 16). It joins
/// the group and records every datagram it hears (at most 10,000). Command <c>attack H</c>, where H is the newest
/// sequence number the genuine publisher used: sends the attacks to the group, each a bounded number of
/// datagrams, and prints <c>attacked N</c> (the datagrams sent); <c>quit</c>.
/// </summary>
/// <remarks>
/// The attacks: publications without a tag under the publisher's id numbered 2^64 - 1, H + 3,000 (21 bytes, unreadable
/// contract) and H + 1 … H + 5; two forged publishers numbered 0 then 2^64 - 1; a publication sealed under a key of its
/// own; every recorded datagram replayed 3 times; each recorded datagram with one byte changed at three places;
/// 100,000 publications under forged ids; then 3 bytes that are no publication, the end marker.
/// </remarks>
internal static class AttackerPeer
{
    private const int MaxRecorded = 10_000;
    private const int ForgedIds = 100_000;

    public static async Task<int> RunAsync(PeerArgs args)
    {
        var group = args.Text("group");
        var port = args.Number("port", 0);
        var nic = args.Text("interface");
        var publisher = ulong.Parse(args.Text("publisher"), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        await using var listener = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });
        var recorded = new List<byte[]>();
        listener.Message += (message, _) =>
        {
            lock (recorded)
            {
                if (recorded.Count < MaxRecorded)
                {
                    recorded.Add(message.ToArray());
                }
            }
        };
        await listener.BindAsync(port, group);
        listener.AddMembership(group, nic);

        await using var sender = Dgram.CreateSocket("udp4");
        await sender.BindAsync(0, nic);
        sender.SetMulticastInterface(nic);

        // A bus under a key of its own: its publications are well formed and sealed, just not under the group's key.
        await using var impostor = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = group,
            Port = port,
            Interface = nic,
            Key = GroupKey.Generate(args.Number("key-id", 1)),
        });
        Console.WriteLine($"ready port={port}");

        while (Console.ReadLine() is { } line && line != "quit")
        {
            var words = line.Split(' ');
            if (words[0] == "attack")
            {
                var newest = ulong.Parse(words[1], CultureInfo.InvariantCulture);
                byte[][] captured;
                lock (recorded)
                {
                    captured = [.. recorded];
                }

                var sent = await AttackAsync(sender, impostor, group, port, publisher, newest, captured);
                Console.WriteLine($"attacked {sent} recorded={captured.Length}");
            }
        }

        return 0;
    }

    private static async Task<int> AttackAsync(DgramSocket sender, MulticastBus impostor, string group, int port, ulong publisher, ulong newest, byte[][] captured)
    {
        var sent = 0;
        async Task Send(byte[] datagram)
        {
            await sender.SendAsync(datagram, port, group);
            sent++;
        }

        var forged = DatagramEnvelope.Serialize(new PeerTick(-1, "forged"));
        await Send(Unkeyed(publisher, ulong.MaxValue, forged));
        await Send(Unkeyed(publisher, newest + 3000, [0xc1]));
        for (var n = newest + 1; n <= newest + 5; n++)
        {
            await Send(Unkeyed(publisher, n, forged));
        }

        foreach (var id in new ulong[] { 0xAAAA_AAAA, 0xBBBB_BBBB })
        {
            await Send(Unkeyed(id, 0, forged));
            await Send(Unkeyed(id, ulong.MaxValue, forged));
        }

        await impostor.PublishAsync(new PeerTick(-1, "forged"));
        sent++;

        for (var round = 0; round < 3; round++)
        {
            foreach (var datagram in captured)
            {
                await Send(datagram);
            }
        }

        foreach (var datagram in captured)
        {
            foreach (var at in new[] { 12, datagram.Length / 2, datagram.Length - 1 })
            {
                var tampered = (byte[])datagram.Clone();
                tampered[at] ^= 0x01;
                await Send(tampered);
            }
        }

        var empty = new byte[] { 0x91, 0x01 };
        for (var id = 1UL; id <= ForgedIds; id++)
        {
            await Send(Unkeyed(0xF000_0000_0000_0000UL | id, 0, empty));
        }

        // Not a publication at all: counted malformed even by a keyed bus, it tells the test when the rest has been read.
        await Send("END"u8.ToArray());
        return sent;
    }

    // A version 1 publication (docs/wire-format.md, section 7): what anyone can write without the key.
    private static byte[] Unkeyed(ulong publisherId, ulong sequence, byte[] contract)
    {
        var datagram = new byte[17 + 9 + contract.Length];
        datagram[0] = 0x95;
        datagram[1] = 0xa4;
        "TDGP"u8.CopyTo(datagram.AsSpan(2));
        datagram[6] = 1;
        datagram[7] = 0xc4;
        datagram[8] = 8;
        BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(9), publisherId);
        var length = 17 + WriteUInt(datagram.AsSpan(17), sequence);
        contract.CopyTo(datagram, length);
        return datagram[..(length + contract.Length)];
    }

    private static int WriteUInt(Span<byte> destination, ulong value)
    {
        if (value <= 0x7f)
        {
            destination[0] = (byte)value;
            return 1;
        }

        if (value <= ushort.MaxValue)
        {
            destination[0] = 0xcd;
            BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)value);
            return 3;
        }

        destination[0] = 0xcf;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], value);
        return 9;
    }
}
