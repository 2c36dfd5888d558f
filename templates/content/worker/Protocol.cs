using TypedDgram.Contracts;

namespace TypedDgramWorker;

/// <summary>Text to echo back in capitals.</summary>
[Datagram(Id = 1)]
public partial record Shout(string Text);

/// <summary>The service's answer.</summary>
[Datagram(Id = 2)]
public partial record Echo(string Text);
