using TypedDgram.Contracts;

namespace TypedDgram.Tests.Reliability;

/// <summary>Each reader limit accepts a datagram exactly at the limit and rejects one just above it.</summary>
public sealed class ReaderLimitTests
{
    private static readonly Limited Small = new("abc", [1, 2], [1, 2, 3], new() { [1] = 1 }, [[1]]);

    [Fact]
    public void Defaults_hold_without_configuration()
    {
        var limits = DatagramReaderLimits.Default;
        Assert.Equal(65_507, limits.MaxDatagramSize);
        Assert.Equal(65_536, limits.MaxStringLength);
        Assert.Equal(65_536, limits.MaxBinaryLength);
        Assert.Equal(65_536, limits.MaxCollectionLength);
        Assert.Equal(32, limits.MaxDepth);
        Assert.Equal(32 * 100 + 1_024, limits.AllocationBudget(100));
    }

    [Fact]
    public void Datagram_size_at_the_limit_is_read_and_one_byte_more_is_DatagramTooLarge()
    {
        var bytes = DatagramEnvelope.Serialize(Small);
        Accepts(bytes, new DatagramReaderLimits { MaxDatagramSize = bytes.Length });
        Rejects(bytes, new DatagramReaderLimits { MaxDatagramSize = bytes.Length - 1 }, MalformedDatagramReason.DatagramTooLarge);
    }

    [Fact]
    public void Default_datagram_size_limit_rejects_a_datagram_longer_than_any_IPv4_UDP_payload()
    {
        var bytes = DatagramEnvelope.Serialize(Small with { Data = new byte[65_508] });
        Rejects(bytes, DatagramReaderLimits.Default, MalformedDatagramReason.DatagramTooLarge);
    }

    [Fact]
    public void String_at_the_limit_is_read_and_one_byte_longer_is_TooLong()
    {
        var limits = new DatagramReaderLimits { MaxStringLength = 5 };
        Accepts(DatagramEnvelope.Serialize(Small with { Text = "abcde" }), limits);
        Rejects(DatagramEnvelope.Serialize(Small with { Text = "abcdef" }), limits, MalformedDatagramReason.TooLong);
    }

    [Fact]
    public void Binary_at_the_limit_is_read_and_one_byte_longer_is_TooLong()
    {
        var limits = new DatagramReaderLimits { MaxBinaryLength = 5 };
        Accepts(DatagramEnvelope.Serialize(Small with { Data = new byte[5] }), limits);
        Rejects(DatagramEnvelope.Serialize(Small with { Data = new byte[6] }), limits, MalformedDatagramReason.TooLong);
    }

    [Fact]
    public void Array_at_the_limit_is_read_and_one_element_more_is_TooManyElements()
    {
        // The envelope has 6 elements, so the collection limit cannot go below it here.
        var limits = new DatagramReaderLimits { MaxCollectionLength = 6 };
        Accepts(DatagramEnvelope.Serialize(Small with { Numbers = [1, 2, 3, 4, 5, 6] }), limits);
        Rejects(DatagramEnvelope.Serialize(Small with { Numbers = [1, 2, 3, 4, 5, 6, 7] }), limits, MalformedDatagramReason.TooManyElements);
    }

    [Fact]
    public void Map_at_the_limit_is_read_and_one_entry_more_is_TooManyElements()
    {
        // The envelope has 6 elements, so the collection limit cannot go below it here.
        var limits = new DatagramReaderLimits { MaxCollectionLength = 6 };
        Accepts(DatagramEnvelope.Serialize(Small with { Map = Enumerable.Range(0, 6).ToDictionary(i => i) }), limits);
        Rejects(DatagramEnvelope.Serialize(Small with { Map = Enumerable.Range(0, 7).ToDictionary(i => i) }), limits, MalformedDatagramReason.TooManyElements);
    }

    [Fact]
    public void Nesting_at_the_limit_is_read_and_one_level_deeper_is_TooDeep()
    {
        // Envelope (1) > Nested (2) > its inner arrays (3).
        var bytes = DatagramEnvelope.Serialize(Small);
        Accepts(bytes, new DatagramReaderLimits { MaxDepth = 3 });
        Rejects(bytes, new DatagramReaderLimits { MaxDepth = 2 }, MalformedDatagramReason.TooDeep);
    }

    [Fact]
    public void Allocation_at_the_budget_is_read_and_one_byte_over_is_TooMuchAllocation()
    {
        var bytes = DatagramEnvelope.Serialize(Small);
        var cost = DatagramReadContext.ArrayCost(6) // the envelope
            + DatagramReadContext.StringCost(3)
            + DatagramReadContext.BinaryCost(2)
            + DatagramReadContext.ArrayCost(3)
            + DatagramReadContext.MapCost(1)
            + DatagramReadContext.ArrayCost(1) + DatagramReadContext.ArrayCost(1);
        var allowance = (int)(cost - bytes.Length);
        Assert.Equal(cost, Read(bytes, new DatagramReaderLimits { AllocationFactor = 1, AllocationAllowance = allowance }).Allocated);
        Rejects(bytes, new DatagramReaderLimits { AllocationFactor = 1, AllocationAllowance = allowance - 1 }, MalformedDatagramReason.TooMuchAllocation);
    }

    [Fact]
    public void Empty_arrays_by_the_thousand_fit_the_default_budget_and_a_lower_factor_refuses_them_before_allocating()
    {
        // The largest expansion a valid datagram has: an empty array is one byte on the wire and is charged 32 (its
        // object and its slot in the outer array), which the default factor of 32 admits.
        var bytes = DatagramEnvelope.Serialize(Small with { Nested = Enumerable.Repeat(Array.Empty<int>(), 60_000).ToArray() });
        Accepts(bytes, DatagramReaderLimits.Default);
        Rejects(bytes, new DatagramReaderLimits { AllocationFactor = 16 }, MalformedDatagramReason.TooMuchAllocation);
    }

    [Fact]
    public void New_limits_reject_out_of_range_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramReaderLimits { MaxDatagramSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramReaderLimits { MaxDatagramSize = (1 << 30) + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramReaderLimits { AllocationFactor = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramReaderLimits { AllocationAllowance = -1 });
    }

    private static void Accepts(byte[] bytes, DatagramReaderLimits limits)
        => Assert.Equal(MalformedDatagramReason.None, Read(bytes, limits).Failure);

    private static void Rejects(byte[] bytes, DatagramReaderLimits limits, MalformedDatagramReason reason)
    {
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Limited>(bytes, limits));
        Assert.Equal(reason, error.Reason);
    }

    private static DatagramReadContext Read(byte[] bytes, DatagramReaderLimits limits)
    {
        var reader = new MessagePack.MessagePackReader(bytes);
        var context = new DatagramReadContext(limits);
        DatagramEnvelope.TryRead(ref reader, ref context, out Limited _, out _);
        return context;
    }
}
