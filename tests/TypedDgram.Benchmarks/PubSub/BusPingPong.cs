using System.Diagnostics;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// The bus's ping-pong, as ddsperf's <c>ping</c>/<c>pong</c>: one ping outstanding; the pong publishes back each ping
/// it receives (as a <see cref="KeyedEcho"/>), and the ping publishes the next ping from the handler that receives the
/// pong, as ddsperf's listener does. Round trips are timed with <see cref="Stopwatch"/> in the pinging process.
/// Both sides publish from their handler as <c>--publish</c> says: <c>bus.Publish</c> (sync) or <c>PublishAsync</c>.
/// </summary>
public static class BusPingPong
{
    // A ping lost on the way (the bus is best effort) is replaced after this long without its pong, as ddsperf re-pings.
    private static readonly TimeSpan PingTimeout = TimeSpan.FromMilliseconds(100);

    public static async Task<int> PingAsync(MulticastBus bus, BusPeerOptions options)
    {
        var pinger = new Pinger(bus, BusPeer.Baggage(options.Size), options.Publish);
        using var subscription = bus.Subscribe<KeyedEcho>(pinger.OnPong);
        Console.WriteLine($"ready port={bus.Port}");
        var clock = Stopwatch.StartNew();
        pinger.Ping();
        var nextReport = 1.0;
        while (clock.Elapsed.TotalSeconds < options.Seconds && !StopSignal.Token.IsCancellationRequested)
        {
            await Task.Delay(10);
            pinger.ReplaceLostPing(PingTimeout);
            if (clock.Elapsed.TotalSeconds >= nextReport)
            {
                nextReport++;
                Report(pinger.TakeSecond());
            }
        }

        pinger.Stop();
        Console.WriteLine($"ping done timeouts={pinger.Timeouts}");
        return 0;
    }

    public static int Pong(MulticastBus bus, BusPeerOptions options)
    {
        long echoed = 0;
        using var subscription = bus.Subscribe<KeyedSample>((ping, _) =>
        {
            echoed++;
            var echo = new KeyedEcho(ping.Seq, ping.Key, ping.Baggage);
            if (options.Publish == PublishMode.Sync)
            {
                bus.Publish(echo);
            }
            else
            {
                Observe(bus.PublishAsync(echo));
            }
        });
        Console.WriteLine($"ready port={bus.Port}");
        StopSignal.Wait(TimeSpan.FromSeconds(options.Seconds));
        Console.WriteLine($"pong done echoed={Volatile.Read(ref echoed)}");
        return 0;
    }

    /// <summary>A publication from a handler, which cannot await: a failure is printed rather than lost.</summary>
    internal static void Observe(ValueTask publish)
    {
        if (!publish.IsCompletedSuccessfully)
        {
            _ = publish.AsTask().ContinueWith(t => Console.WriteLine($"error publish: {t.Exception?.GetBaseException().Message}"), TaskContinuationOptions.OnlyOnFaulted);
        }
    }

    // ddsperf's percentiles of a second's sorted round trips (latencystat_print): raw[n - (n+1)/2], raw[n - (n+9)/10], raw[n - (n+99)/100].
    private static void Report(List<double> microseconds)
    {
        if (microseconds.Count == 0)
        {
            return;
        }

        microseconds.Sort();
        var n = microseconds.Count;
        Console.WriteLine(BusPeerOutput.Ping(BusPeer.Now(), microseconds[n - ((n + 1) / 2)], microseconds[n - ((n + 9) / 10)], microseconds[n - ((n + 99) / 100)], n));
    }

    private sealed class Pinger(MulticastBus bus, byte[] baggage, PublishMode mode)
    {
        private readonly Lock _gate = new();
        private List<double> _second = new(100_000);
        private uint _seq;
        private long _sentAt;
        private bool _stopped;

        public long Timeouts { get; private set; }

        public void Ping() => Send(Next());

        public void OnPong(KeyedEcho pong, RemoteInfo from)
        {
            var now = Stopwatch.GetTimestamp();
            KeyedSample? next;
            lock (_gate)
            {
                if (pong.Seq != _seq)
                {
                    return; // the pong of a ping already given up on
                }

                _second.Add(Stopwatch.GetElapsedTime(_sentAt, now).TotalMicroseconds);
                next = NextLocked();
            }

            Send(next);
        }

        public void ReplaceLostPing(TimeSpan timeout)
        {
            KeyedSample? next;
            lock (_gate)
            {
                if (Stopwatch.GetElapsedTime(_sentAt) < timeout)
                {
                    return;
                }

                Timeouts++;
                next = NextLocked();
            }

            Send(next);
        }

        private KeyedSample? Next()
        {
            lock (_gate)
            {
                return NextLocked();
            }
        }

        // Numbering and timing under the lock, so that one ping is outstanding whichever thread sends it.
        private KeyedSample? NextLocked()
        {
            if (_stopped)
            {
                return null;
            }

            _seq++;
            _sentAt = Stopwatch.GetTimestamp();
            return new KeyedSample(_seq, 0, baggage);
        }

        private void Send(KeyedSample? ping)
        {
            if (ping is null)
            {
                return;
            }

            if (mode == PublishMode.Sync)
            {
                bus.Publish(ping);
            }
            else
            {
                Observe(bus.PublishAsync(ping));
            }
        }

        public List<double> TakeSecond()
        {
            lock (_gate)
            {
                var second = _second;
                _second = new List<double>(second.Capacity);
                return second;
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                _stopped = true;
            }
        }
    }
}
