using System.Buffers;

namespace TypedDgram.PubSub;

/// <summary>
/// The buffer a publication is written into: an <see cref="IBufferWriter{T}"/> over an array rented from
/// <see cref="ArrayPool{T}.Shared"/>, whose ownership then passes to the socket's pooled send. One per thread, reused,
/// so that publishing allocates nothing.
/// </summary>
internal sealed class PublicationBuffer : IBufferWriter<byte>
{
    [ThreadStatic]
    private static PublicationBuffer? t_cached;

    private byte[] _array;

    private PublicationBuffer(int capacity) => _array = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>The bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _array.AsSpan(0, Length);

    /// <summary>Takes this thread's buffer (or makes one) with room for at least <paramref name="capacity"/> bytes, empty.</summary>
    public static PublicationBuffer Rent(int capacity)
    {
        var buffer = t_cached;
        t_cached = null;
        if (buffer is null)
        {
            return new PublicationBuffer(capacity);
        }

        buffer.Length = 0;
        buffer.EnsureCapacity(capacity);
        return buffer;
    }

    /// <summary>Hands the rented array, holding <see cref="Length"/> bytes, to the caller (the socket returns it to the pool).</summary>
    public byte[] Detach()
    {
        var array = _array;
        _array = [];
        Length = 0;
        t_cached = this;
        return array;
    }

    /// <summary>Keeps the array for the next publication on this thread (the publication was not sent).</summary>
    public void Release()
    {
        Length = 0;
        t_cached = this;
    }

    /// <summary>Reserves <paramref name="count"/> bytes at the current end, to be filled in place.</summary>
    public Span<byte> Reserve(int count)
    {
        EnsureCapacity(Length + count);
        var span = _array.AsSpan(Length, count);
        Length += count;
        return span;
    }

    /// <summary>Gives back the unused end of the last <see cref="Reserve"/>.</summary>
    public void Shrink(int length) => Length = length;

    /// <inheritdoc/>
    public void Advance(int count) => Length += count;

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(Length + Math.Max(sizeHint, 1));
        return _array.AsMemory(Length);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(Length + Math.Max(sizeHint, 1));
        return _array.AsSpan(Length);
    }

    private void EnsureCapacity(int capacity)
    {
        if (_array.Length >= capacity)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, _array.Length * 2));
        Written.CopyTo(grown);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = grown;
    }
}
