using System.Buffers;
using BenchmarkDotNet.Attributes;
using MemoryPack;
using MessagePack;
using TypedDgram.Benchmarks.Records;
using TypedDgram.Contracts;

namespace TypedDgram.Benchmarks.Serialization;

/// <summary>
/// Serialize and deserialize one record with each serializer. Serializing writes into a reused buffer (what a
/// sender does with a pooled buffer), so the allocated column is the serializer's own; deserializing reads the
/// record's bytes, so it allocates the record and its strings and arrays.
/// </summary>
[MemoryDiagnoser]
public abstract class SerializationBenchmarks<TTyped, TMsgPack, TMemPack>
    where TTyped : IDatagram<TTyped>
    where TMsgPack : class
    where TMemPack : class
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly TTyped _typed;
    private readonly TMsgPack _msgPack;
    private readonly TMemPack _memPack;
    private readonly ReadOnlyMemory<byte> _wire;
    private readonly byte[] _memPackBytes;

    protected SerializationBenchmarks(TTyped typed, TMsgPack msgPack, TMemPack memPack)
    {
        Samples.VerifyIdenticalBytes();
        _typed = typed;
        _msgPack = msgPack;
        _memPack = memPack;
        _wire = DatagramEnvelope.Serialize(typed);
        _memPackBytes = MemoryPackSerializer.Serialize(memPack);
    }

    [Benchmark]
    [BenchmarkCategory("Serialize")]
    public int TypedDgram_Serialize()
    {
        _output.ResetWrittenCount();
        DatagramEnvelope.Serialize(_output, _typed);
        return _output.WrittenCount;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Serialize")]
    public int MessagePack_Serialize()
    {
        _output.ResetWrittenCount();
        MessagePackSerializer.Serialize(_output, _msgPack, Samples.MessagePackOptions);
        return _output.WrittenCount;
    }

    [Benchmark]
    [BenchmarkCategory("Serialize")]
    public int MemoryPack_Serialize()
    {
        _output.ResetWrittenCount();
        MemoryPackSerializer.Serialize(_output, _memPack);
        return _output.WrittenCount;
    }

    [Benchmark]
    [BenchmarkCategory("Deserialize")]
    public TTyped TypedDgram_Deserialize() => DatagramEnvelope.Deserialize<TTyped>(_wire);

    [Benchmark]
    [BenchmarkCategory("Deserialize")]
    public TMsgPack MessagePack_Deserialize() => MessagePackSerializer.Deserialize<TMsgPack>(_wire, Samples.MessagePackOptions);

    [Benchmark]
    [BenchmarkCategory("Deserialize")]
    public TMemPack? MemoryPack_Deserialize() => MemoryPackSerializer.Deserialize<TMemPack>(_memPackBytes);
}

public class SmallRecordBenchmarks() : SerializationBenchmarks<SmallRecord, SmallMsgPack, SmallMemPack>(Samples.Small, Samples.SmallMsgPack, Samples.SmallMemPack);

public class MediumRecordBenchmarks() : SerializationBenchmarks<MediumRecord, MediumMsgPack, MediumMemPack>(Samples.Medium, Samples.MediumMsgPack, Samples.MediumMemPack);

public class LargeRecordBenchmarks() : SerializationBenchmarks<LargeRecord, LargeMsgPack, LargeMemPack>(Samples.Large, Samples.LargeMsgPack, Samples.LargeMemPack);
