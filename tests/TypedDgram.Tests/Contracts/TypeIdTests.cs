using TypedDgram.Contracts;

namespace TypedDgram.Tests.Contracts;

public class TypeIdTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void FromName_is_FNV1a_32_of_the_UTF8_name_with_the_top_bit_set(string name, uint fnv1a)
        => Assert.Equal(fnv1a | DatagramTypeId.HashedBit, DatagramTypeId.FromName(name));

    [Fact]
    public void FromName_hashes_UTF8_not_UTF16()
    {
        // "é" is C3 A9 in UTF-8.
        var expected = unchecked(((((2166136261u ^ 0xC3) * 16777619u) ^ 0xA9) * 16777619u) | DatagramTypeId.HashedBit);
        Assert.Equal(expected, DatagramTypeId.FromName("é"));
    }

    [Fact]
    public void Documented_example_MyApp_Protocol_Ping_hashes_to_F402759E()
        => Assert.Equal(0xF402759Eu, DatagramTypeId.FromName("MyApp.Protocol.Ping"));

    [Fact]
    public void Contract_without_Id_gets_the_hash_of_its_CLR_full_name()
        => Assert.Equal(DatagramTypeId.FromName(typeof(Hashed).FullName!), TypeIdOf<Hashed>());

    [Fact]
    public void Nested_contract_hashes_with_a_plus_between_types()
        => Assert.Equal("TypedDgram.Tests.Contracts.Outer+Inner", typeof(Outer.Inner).FullName);

    [Fact]
    public void Explicit_Id_is_used_as_written()
        => Assert.Equal(12u, TypeIdOf<Outer.Inner>());

    [Fact]
    public void Explicit_and_hashed_ids_are_told_apart_by_the_top_bit()
    {
        Assert.True(DatagramTypeId.IsExplicit(1));
        Assert.True(DatagramTypeId.IsExplicit((uint)DatagramTypeId.MaxExplicit));
        Assert.False(DatagramTypeId.IsExplicit(DatagramTypeId.MinReserved));
        Assert.True(DatagramTypeId.IsHashed(TypeIdOf<Hashed>()));
        Assert.False(DatagramTypeId.IsHashed(12));
    }

    private static uint TypeIdOf<T>()
        where T : IDatagram<T>
        => T.TypeId;
}
