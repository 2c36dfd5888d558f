using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using TypedDgram.Benchmarks.Records;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Benchmarks.HotPath;

/// <summary>
/// The per-datagram hot path in one process: a typed send (serialize into a pooled buffer, queue, sendto) to a
/// loopback port nobody reads (the kernel drops what does not fit), and a typed receive + generated dispatch of a
/// datagram as the socket's receive loop hands it over. The allocated column is what each costs per datagram;
/// for receive, the Blob record and its byte[] are the deserialized message itself.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private readonly Blob _blob = Samples.BlobOfSize(64);
    private readonly Tick _tick = RealisticSamples.TickOfSize(64);
    private byte[] _wire = [];
    private byte[] _tickWire = [];
    private Socket? _sink;
    private int _sinkPort;
    private DgramSocket? _sender;
    private DgramSocket? _receiver;
    private DatagramAttachment? _attachment;
    private RemoteInfo _from;

    [GlobalSetup]
    public void Setup()
    {
        _wire = DatagramEnvelope.Serialize(_blob);
        _tickWire = DatagramEnvelope.Serialize(_tick);
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sinkPort = ((IPEndPoint)_sink.LocalEndPoint!).Port;
        _sender = Dgram.CreateSocket("udp4");
        _sender.BindAsync(0, "127.0.0.1").GetAwaiter().GetResult();
        _receiver = Dgram.CreateSocket("udp4");
        _attachment = _receiver.Attach(new CountingHandlers());
        _from = new RemoteInfo("127.0.0.1", "IPv4", _sinkPort, _wire.Length);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _attachment?.Dispose();
        _receiver?.Dispose();
        _sender?.Dispose();
        _sink?.Dispose();
    }

    /// <summary>Typed send of a 64-byte datagram (one sendto each).</summary>
    [Benchmark]
    public void TypedSend() => _sender!.Send(_blob, _sinkPort, "127.0.0.1");

    /// <summary>Raw send of the same 64 bytes, for comparison.</summary>
    [Benchmark]
    public void RawSend() => _sender!.Send(_wire, _sinkPort, "127.0.0.1");

    /// <summary>What the receive loop does with a typed datagram: decode the envelope and dispatch to the handler.</summary>
    [Benchmark]
    public void TypedReceiveDispatch() => _attachment!.Receive(_wire, _from);

    /// <summary>Typed send of the 64-byte Tick (three scalars and a string), the realistic shape of issue 14.</summary>
    [Benchmark]
    public void TickSend() => _sender!.Send(_tick, _sinkPort, "127.0.0.1");

    /// <summary>Receive + dispatch of the 64-byte Tick: the record and its string are the message itself.</summary>
    [Benchmark]
    public void TickReceiveDispatch() => _attachment!.Receive(_tickWire, _from);

    /// <summary>Deserializing the Tick alone: the allocation its receive cannot avoid (the record and its string).</summary>
    [Benchmark]
    public Tick TickDeserializeOnly() => DatagramEnvelope.Deserialize<Tick>(_tickWire);

    /// <summary>Deserializing the message alone: the allocation a receive cannot avoid (the record and its byte[]).</summary>
    [Benchmark]
    public Blob DeserializeOnly() => DatagramEnvelope.Deserialize<Blob>(_wire);
}
