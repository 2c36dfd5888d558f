using System.Globalization;
using TypedDgram.Sockets;

namespace TypedDgram.Nats;

/// <summary>
/// The subject mapping (docs/nats.md, "Subjects"): a publication of the contract with type id <c>N</c> on bus
/// <c>B</c> goes to <c>prefix.B.N</c>. The type id, not the class name, because it is the contract's identity on the
/// wire: the same in every language, kept across renames, and readable from the bytes by a bridge that knows no contracts.
/// </summary>
internal sealed class NatsSubjects
{
    private readonly string _busSubject;

    public NatsSubjects(string prefix, string bus)
    {
        CheckTokens("SubjectPrefix", prefix);
        CheckTokens("Bus", bus);
        if (bus.Contains('.', StringComparison.Ordinal))
        {
            throw Invalid("Bus", bus, "one subject token (no '.')");
        }

        _busSubject = prefix + "." + bus;
    }

    /// <summary>Every contract of the bus: <c>prefix.bus.*</c>.</summary>
    public string All => _busSubject + ".*";

    /// <summary>
    /// The bus's frames that carry publications of no one contract (batches, fragments): <c>prefix.bus.control</c>,
    /// inside <see cref="All"/>, and subscribed to beside the contracts' subjects when a bus takes only some type ids.
    /// In a queue group they are shared out as publications are.
    /// </summary>
    public string Control => _busSubject + ".control";

    /// <summary>
    /// The frames every bus must see (heartbeats, NAKs, history requests): <c>prefix.bus.control.all</c>, outside
    /// <see cref="All"/> (a <c>*</c> matches one token) so that it is subscribed to on its own, never in a queue group:
    /// each member of a group must hear every publisher's heartbeats, or it would report a live publisher lost.
    /// </summary>
    public string Broadcast => _busSubject + ".control.all";

    /// <summary>The subject of one contract: <c>prefix.bus.typeId</c>.</summary>
    public string Of(uint typeId) => _busSubject + "." + typeId.ToString(CultureInfo.InvariantCulture);

    private static void CheckTokens(string option, string? value)
    {
        if (string.IsNullOrEmpty(value)
            || value.Split('.').Any(token => token.Length == 0 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw Invalid(option, value, "dot-separated subject tokens of letters, digits, '-' and '_'");
        }
    }

    private static DgramException Invalid(string option, string? value, string expected) =>
        new(DgramErrorCode.InvalidArgValue, $"The option \"{option}\" must be {expected}. Received '{value}'.");
}
