using TypedDgram.Contracts;

namespace TypedDgram.Interop.Tests.Contracts;

// The versioning contracts. The Node peer also knows an older Status ([Code, [X]]) and a newer one (Point gained Z,
// Status gained two trailing members), and an older Labeled without its Label: tests/interop/node/contracts.js.

/// <summary>A contract with declared defaults at its end and a part that has grown too.</summary>
[Datagram(Id = 20)]
public partial record Status(int Code, Point At, string? Detail = null, long Uptime = 42);

/// <summary>A contract whose last member is required: a non-nullable string without a default.</summary>
[Datagram(Id = 21)]
public partial record Labeled(int Code, string Label);
