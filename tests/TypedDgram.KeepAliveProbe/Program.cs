// Binds a socket, then does what the first argument says, then waits the way a Node program's event loop does:
//   referenced  keep the socket as it is (the program must keep running)
//   unref       Unref() it (the program must exit)
//   close       Close() it (the program must exit)
//   reref       Unref() then Ref() it (the program must keep running)
using TypedDgram.Sockets;

string mode = args.Length > 0 ? args[0] : "referenced";
var socket = Dgram.CreateSocket("udp4");
await socket.BindAsync(0, "127.0.0.1");
switch (mode)
{
    case "unref":
        socket.Unref();
        break;
    case "close":
        socket.Close();
        break;
    case "reref":
        socket.Unref().Ref();
        break;
}
Console.WriteLine("ready");
await Dgram.WhenUnreferenced();
Console.WriteLine("exiting");
