using System;
using System.Text;
using TypedDgram.Sockets;

// The server example as a top-level program.
var server = Dgram.CreateSocket("udp4");
server.Error += err =>
{
    Console.Error.WriteLine($"server error:\n{err}");
    server.Close();
};
server.Message += (msg, rinfo) => Console.WriteLine($"server got: {Encoding.UTF8.GetString(msg)} from {rinfo.Address}:{rinfo.Port}");
server.Listening += () =>
{
    var address = server.Address();
    Console.WriteLine($"server listening {address.Address}:{address.Port}");
};
server.Bind(41234);
await Dgram.WhenUnreferenced();
