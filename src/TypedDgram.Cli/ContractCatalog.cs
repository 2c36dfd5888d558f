using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using TypedDgram.Contracts;

namespace TypedDgram.Cli;

/// <summary>
/// The contracts of an assembly given with <c>--contracts</c>: every type implementing <see cref="IDatagram{TSelf}"/>,
/// by type id. Reflection is fine here: the tool is a development aid, not a NativeAOT program.
/// </summary>
[RequiresUnreferencedCode("Loads contracts from an assembly by reflection.")]
[RequiresDynamicCode("Closes generic methods over contract types at run time.")]
internal sealed class ContractCatalog
{
    private static readonly MethodInfo TypeIdMethod = typeof(ContractCatalog).GetMethod(nameof(TypeIdOf), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo DecodeMethod = typeof(ContractCatalog).GetMethod(nameof(DecodeAs), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly Dictionary<uint, Type> _byId;

    private ContractCatalog(Dictionary<uint, Type> byId) => _byId = byId;

    /// <summary>The number of contracts found.</summary>
    public int Count => _byId.Count;

    /// <summary>Loads <paramref name="path"/> (its dependencies from the same folder) and indexes its contracts by type id.</summary>
    public static ContractCatalog Load(string path)
    {
        var assembly = Assembly.LoadFrom(Path.GetFullPath(path));
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            types = partial.Types;
        }

        var byId = new Dictionary<uint, Type>();
        foreach (var type in types)
        {
            if (type is { IsAbstract: false, ContainsGenericParameters: false } && type.GetInterfaces().Any(IsDatagramOfItself(type)))
            {
                byId.TryAdd((uint)TypeIdMethod.MakeGenericMethod(type).Invoke(null, null)!, type);
            }
        }

        return new ContractCatalog(byId);
    }

    /// <summary>The contract with <paramref name="typeId"/>, if the assembly has one.</summary>
    public bool TryGet(uint typeId, [NotNullWhen(true)] out Type? contract) => _byId.TryGetValue(typeId, out contract);

    /// <summary>Decodes <paramref name="datagram"/> as <paramref name="contract"/> and writes its members as a JSON object; throws <see cref="MalformedDatagramException"/>.</summary>
    public static void WriteMessage(Type contract, ReadOnlyMemory<byte> datagram, Utf8JsonWriter writer)
    {
        object message;
        try
        {
            message = DecodeMethod.MakeGenericMethod(contract).Invoke(null, [datagram])!;
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            throw invocation.InnerException;
        }

        JsonSerializer.Serialize(writer, message, contract, Json);
    }

    private static Func<Type, bool> IsDatagramOfItself(Type type) =>
        candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IDatagram<>) && candidate.GetGenericArguments()[0] == type;

    private static uint TypeIdOf<T>()
        where T : IDatagram<T> => T.TypeId;

    private static object DecodeAs<T>(ReadOnlyMemory<byte> datagram)
        where T : IDatagram<T> => DatagramEnvelope.Deserialize<T>(datagram)!;
}
