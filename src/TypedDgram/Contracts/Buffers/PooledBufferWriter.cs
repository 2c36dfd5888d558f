using System.Buffers;

namespace TypedDgram.Contracts;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over <see cref="ArrayPool{T}.Shared"/> arrays, one per thread, so serializing a
/// datagram for sending allocates nothing: the finished array is handed to the socket, which returns it to the pool.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private const int InitialSize = 512;

    [ThreadStatic]
    private static PooledBufferWriter? t_current;

    private byte[] _buffer = [];
    private int _written;

    /// <summary>This thread's writer, started on a freshly rented array.</summary>
    public static PooledBufferWriter Start()
    {
        var writer = t_current ??= new PooledBufferWriter();
        writer._buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        writer._written = 0;
        return writer;
    }

    /// <summary>Hands over the rented array holding what was written; the caller now owns it.</summary>
    public byte[] Detach(out int length)
    {
        var buffer = _buffer;
        length = _written;
        _buffer = [];
        _written = 0;
        return buffer;
    }

    /// <summary>Returns the array to the pool after a failed serialization.</summary>
    public void Abandon() => ArrayPool<byte>.Shared.Return(Detach(out _));

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
