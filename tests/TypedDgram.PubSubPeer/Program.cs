using TypedDgram.PubSubPeer;

// usage: TypedDgram.PubSubPeer publish|subscribe|route|bridge|attack key=value...   (see each mode's file for its keys)
// Every mode prints "ready ..." once set up, then obeys one command per line on standard input; end of input quits.
Console.Out.Flush();
var options = new PeerArgs(args.Skip(1));
try
{
    return args.FirstOrDefault() switch
    {
        "publish" => await PublisherPeer.RunAsync(options),
        "subscribe" => await SubscriberPeer.RunAsync(options),
        "route" => MulticastRouterPeer.Run(options),
        "bridge" => await BridgePeer.RunAsync(options),
        "attack" => await AttackerPeer.RunAsync(options),
        _ => Fail("usage: TypedDgram.PubSubPeer publish|subscribe|route|bridge|attack key=value..."),
    };
}
catch (Exception error)
{
    return Fail($"error {error.GetType().Name}: {error.Message}");
}

static int Fail(string message)
{
    Console.WriteLine(message.ReplaceLineEndings(" "));
    return 2;
}
