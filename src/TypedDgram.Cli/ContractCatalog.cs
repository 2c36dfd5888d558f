using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

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
    private static readonly MethodInfo SerializeMethod = typeof(ContractCatalog).GetMethod(nameof(SerializeAs), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo PublishMethod = typeof(ContractCatalog).GetMethod(nameof(PublishAs), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo SubscribeMethod = typeof(ContractCatalog).GetMethod(nameof(SubscribeAs), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    // A message typed by hand: every constructor parameter without a default must be there, and a misspelt member is
    // an error rather than silently left at its default.
    private static readonly JsonSerializerOptions JsonInput = new()
    {
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

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

    /// <summary>Every contract found, by full name.</summary>
    public IEnumerable<Type> All => _byId.Values.OrderBy(type => type.FullName, StringComparer.Ordinal);

    /// <summary>
    /// The contract named <paramref name="name"/>: its full name, or its simple name when only one contract has it;
    /// otherwise false, with what was found instead in <paramref name="problem"/>.
    /// </summary>
    public bool TryFind(string name, [NotNullWhen(true)] out Type? contract, [NotNullWhen(false)] out string? problem)
    {
        var matches = _byId.Values.Where(type => type.FullName == name).ToList();
        if (matches.Count == 0)
        {
            matches = _byId.Values.Where(type => type.Name == name).ToList();
        }

        contract = matches.Count == 1 ? matches[0] : null;
        problem = matches.Count switch
        {
            1 => null,
            0 => $"no contract named {name}; the assembly has {string.Join(", ", All.Select(type => type.FullName))}",
            _ => $"{name} names {matches.Count} contracts; use the full name: {string.Join(", ", matches.Select(type => type.FullName).Order(StringComparer.Ordinal))}",
        };
        return contract is not null;
    }

    /// <summary>Reads <paramref name="json"/> (an object of the contract's members) as a <paramref name="contract"/>; throws <see cref="JsonException"/>.</summary>
    public static object FromJson(Type contract, string json) =>
        JsonSerializer.Deserialize(json, contract, JsonInput) ?? throw new JsonException($"null is not a {contract.Name}");

    /// <summary>The datagram <c>[typeId, member0, ...]</c> of <paramref name="message"/>, written by its generated serializer.</summary>
    public static byte[] Serialize(Type contract, object message) => (byte[])Invoke(SerializeMethod, contract, message)!;

    /// <summary>Publishes <paramref name="message"/> on <paramref name="bus"/> as its contract.</summary>
    public static ValueTask PublishAsync(MulticastBus bus, Type contract, object message, CancellationToken cancellationToken) =>
        (ValueTask)Invoke(PublishMethod, contract, bus, message, cancellationToken)!;

    /// <summary>Subscribes <paramref name="handler"/> to <paramref name="contract"/>'s publications on <paramref name="bus"/>.</summary>
    public static IDisposable Subscribe(MulticastBus bus, Type contract, Action<object, RemoteInfo> handler) =>
        (IDisposable)Invoke(SubscribeMethod, contract, bus, handler)!;

    /// <summary>Writes <paramref name="message"/>'s members as a JSON object.</summary>
    public static void WriteMessage(Type contract, object message, Utf8JsonWriter writer) => JsonSerializer.Serialize(writer, message, contract, Json);

    private static object? Invoke(MethodInfo method, Type contract, params object?[] arguments)
    {
        try
        {
            return method.MakeGenericMethod(contract).Invoke(null, arguments);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(invocation.InnerException);
            throw;
        }
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

    private static byte[] SerializeAs<T>(object message)
        where T : IDatagram<T> => DatagramEnvelope.Serialize((T)message);

    private static ValueTask PublishAs<T>(MulticastBus bus, object message, CancellationToken cancellationToken)
        where T : IDatagram<T> => bus.PublishAsync((T)message, cancellationToken);

    private static IDisposable SubscribeAs<T>(MulticastBus bus, Action<object, RemoteInfo> handler)
        where T : IDatagram<T> => bus.Subscribe<T>((message, from) => handler(message!, from));
}
