using Microsoft.Extensions.Hosting;
using TypedDgram.Hosting;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace Hosted;

/// <summary>Sends three shouts to the endpoint (started before it, so already bound), prints the echoes, stops the host.</summary>
public sealed class DemoClient(DatagramEndpoint<EchoHandlers> endpoint, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var client = Dgram.CreateSocket("udp4");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await using var echoes = client.ReceiveAsync<Echo>(timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = echoes.MoveNextAsync(); // subscribes before the first shout, so no echo can come too early
        string[] words = ["hello", "typed", "udp"];
        for (var seq = 0; seq < words.Length; seq++)
        {
            await client.SendAsync(new Shout(seq, words[seq]), endpoint.Address.Port, "127.0.0.1", stoppingToken);
            if (!await next)
            {
                break;
            }

            var echo = echoes.Current.Message;
            Console.WriteLine($"echo {echo.Seq}: {echo.Text} at {echo.At:HH:mm:ss.fff}");
            if (seq + 1 < words.Length)
            {
                next = echoes.MoveNextAsync();
            }
        }

        lifetime.StopApplication();
    }
}
