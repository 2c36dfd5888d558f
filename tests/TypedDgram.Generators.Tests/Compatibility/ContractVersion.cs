using System.Buffers;
using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using MessagePack;
using Microsoft.CodeAnalysis;
using TypedDgram.Generators.Compatibility;
using TypedDgram.Generators.Contracts;
using TypedDgram.Generators.Tests.Infrastructure;

namespace TypedDgram.Generators.Tests.Compatibility;

/// <summary>
/// One version of a program's contracts, compiled with the generator and loaded: it writes its samples with its
/// generated writer and reads bytes with its generated reader, the way a deployed peer of that build does.
/// </summary>
internal sealed class ContractVersion
{
    private readonly Type _harness;

    private ContractVersion(Compilation compilation, Type harness, IReadOnlyList<string> memberNames)
    {
        Compilation = compilation;
        _harness = harness;
        MemberNames = memberNames;
    }

    /// <summary>The compilation with the generated code, for the analyzer.</summary>
    public Compilation Compilation { get; }

    /// <summary>The contract's member names in wire order.</summary>
    public IReadOnlyList<string> MemberNames { get; }

    /// <summary>
    /// Compiles <paramref name="declarations"/> (namespace Demo) with a harness for <paramref name="contract"/> whose
    /// samples are <c>new Contract(samples[i])</c>.
    /// </summary>
    public static ContractVersion Load(string declarations, string contract, IReadOnlyList<string> samples)
    {
        var source = $$"""
            #nullable enable
            using System;
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using TypedDgram.Contracts;

            namespace Demo;

            {{declarations}}

            public enum Color { Red = 1, Green = 2 }

            public static class Harness
            {
                public static object[] Samples() => new object[] { {{string.Join(", ", samples.Select(s => $"new {contract}({s})"))}} };

                public static byte[] Write(object value) => DatagramEnvelope.Serialize(({{contract}})value);

                public static object Read(byte[] bytes) => DatagramEnvelope.Deserialize<{{contract}}>(bytes);
            }
            """;
        var (_, output) = TestCompilation.Generate(source);
        Assert.Empty(TestCompilation.Problems(output));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var assembly = new AssemblyLoadContext(nameof(ContractVersion), isCollectible: true).LoadFromStream(new MemoryStream(image.ToArray()));
        var type = output.GetTypeByMetadataName("Demo." + contract)!;
        var info = ContractParser.Parse(type, type.GetAttributes()[0], isPart: false)!;
        return new ContractVersion(output, assembly.GetType("Demo.Harness")!, info.Members.Select(m => m.Name).ToList());
    }

    /// <summary>Every contract and part of this version as DatagramContracts.Shipped.txt records it.</summary>
    public string Lines()
        => string.Concat(AllTypes(Compilation.Assembly.GlobalNamespace)
            .Select(type => (Type: type, Contract: ContractSymbols.GetAttribute(type, KnownNames.DatagramAttribute), Part: ContractSymbols.GetAttribute(type, KnownNames.DatagramPartAttribute)))
            .Where(t => t.Contract is not null || t.Part is not null)
            .Select(t => RecordedContract.From(ContractParser.Parse(t.Type, (t.Contract ?? t.Part)!, isPart: t.Contract is null)!) + "\n")
            .Order(StringComparer.Ordinal));

    public object[] Samples() => (object[])Invoke("Samples");

    public byte[] Write(object value) => (byte[])Invoke("Write", value);

    /// <summary>The datagram read, or null when this version rejects it.</summary>
    public object? TryRead(byte[] datagram)
    {
        try
        {
            return Invoke("Read", datagram);
        }
        catch (TargetInvocationException e) when (e.InnerException is TypedDgram.Contracts.MalformedDatagramException)
        {
            return null;
        }
    }

    /// <summary>Each member's value in wire order, as text that compares alike across versions (5 and 5L are "5").</summary>
    public IReadOnlyList<string> Values(object message)
        => MemberNames.Select(name => Format(message.GetType().GetProperty(name)!.GetValue(message))).ToList();

    /// <summary>The datagram cut after its first <paramref name="members"/> members: what a writer that does not know the rest sends.</summary>
    public static byte[] Truncate(byte[] datagram, int members)
    {
        var reader = new MessagePackReader(datagram);
        reader.ReadArrayHeader();
        var bodyStart = (int)reader.Consumed;
        for (var i = 0; i <= members; i++)
        {
            reader.Skip();
        }

        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(members + 1);
        writer.WriteRaw(datagram.AsSpan(bodyStart, (int)reader.Consumed - bodyStart));
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private object Invoke(string method, params object[] arguments) => _harness.GetMethod(method)!.Invoke(null, arguments)!;

    private static string Format(object? value) => value switch
    {
        null => "null",
        string text => "\"" + text + "\"",
        char c => ((int)c).ToString(CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        Enum e => Convert.ToDecimal(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        IConvertible number when value.GetType().IsPrimitive || value is decimal => Convert.ToDecimal(number, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        IEnumerable items when value.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ImmutableArray<>) && (bool)t.GetProperty("IsDefault")!.GetValue(value)! => "null",
        IDictionary map => "{" + string.Join(",", map.Keys.Cast<object>().Select(k => Format(k) + ":" + Format(map[k])).Order(StringComparer.Ordinal)) + "}",
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        _ when value.GetType().GetCustomAttributes().Any(a => a.GetType().Name == "DatagramPartAttribute") =>
            "(" + string.Join(",", value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract").Select(p => Format(p.GetValue(value)))) + ")",
        _ => value.ToString() ?? "null",
    };

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceOrTypeSymbol nested)
            {
                if (nested is INamedTypeSymbol type)
                {
                    yield return type;
                }

                foreach (var inner in AllTypes(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
