#if MISUSE
using TypedDgram.Contracts;

namespace PackageConsumer;

/// <summary>Not partial: the package's contract analyzer must report TDG1001.</summary>
[Datagram]
public record NotPartial(int Value);
#endif
