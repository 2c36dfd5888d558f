using TypedDgram.Contracts;

namespace RequestResponse;

/// <summary>A question; the server copies <paramref name="CorrelationId"/> into its answer.</summary>
[Datagram(Id = 1)]
public partial record Request(long CorrelationId, int A, int B);

/// <summary>The answer to the request with the same correlation id.</summary>
[Datagram(Id = 2)]
public partial record Response(long CorrelationId, int Sum);
