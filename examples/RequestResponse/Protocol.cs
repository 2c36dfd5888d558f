using TypedDgram.Contracts;

namespace RequestResponse;

/// <summary>A question whose answer is a <see cref="Sum"/>: <c>IRequest&lt;Sum&gt;</c> makes it a request.</summary>
[Datagram(Id = 1)]
public partial record Add(int A, int B) : IRequest<Sum>;

/// <summary>The answer; it travels back with the request's correlation id (docs/wire-format.md, section 8).</summary>
[Datagram(Id = 2)]
public partial record Sum(int Value, int Served);
