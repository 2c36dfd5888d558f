using TypedDgram.Contracts;

namespace TypedDgram.Tests.Contracts;

// Two versions of one message, as two programs would declare them (ids differ only because both live in one assembly).

[Datagram(Id = 20)]
public partial record StatusV1(int Code);

[Datagram(Id = 21)]
public partial record StatusV2(int Code, string? Detail = null, long Uptime = 42);

[Datagram(Id = 22)]
public partial record StatusRequiresText(int Code, string Text);
