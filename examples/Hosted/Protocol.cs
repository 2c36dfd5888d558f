using TypedDgram.Contracts;

namespace Hosted;

/// <summary>Text to echo back in capitals.</summary>
[Datagram(Id = 1)]
public partial record Shout(int Seq, string Text);

/// <summary>The service's answer, stamped with the server's clock.</summary>
[Datagram(Id = 2)]
public partial record Echo(int Seq, string Text, DateTimeOffset At);
