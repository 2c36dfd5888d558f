using System.Diagnostics;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>
/// Reliable mode's flow control, on a clock the test moves: random loss leaves the publisher's rate alone; a NAK far
/// behind, or most of a window NAKed, halves it; without either it grows back until it no longer binds.
/// </summary>
public class SendPacerTests
{
    private const int HoldBack = 131_072;
    private static readonly long WindowTicks = (long)(SendPacer.Window.TotalSeconds * Stopwatch.Frequency);
    private long _now = 1_000_000;

    private SendPacer Pacer() => new(HoldBack, () => _now);

    // One window: `sent` datagrams handed over, `naked` of them NAKed for the first time, the oldest `lag` behind.
    private void Window(SendPacer pacer, int sent, int naked = 0, ulong lag = 0)
    {
        for (var i = 0; i < sent; i++)
        {
            pacer.OnSent();
        }

        if (naked > 0)
        {
            pacer.OnNaked(naked, lag);
        }

        _now += WindowTicks;
    }

    // What a window of `sent` datagrams is per second.
    private static double PerSecond(int sent) => sent * Stopwatch.Frequency / (double)WindowTicks;

    [Fact]
    public void Five_percent_NAKed_a_few_milliseconds_behind_leaves_the_rate_unlimited()
    {
        var pacer = Pacer();

        for (var i = 0; i < 20; i++)
        {
            Window(pacer, sent: 1_000, naked: 50, lag: 5_000);
        }

        Assert.True(double.IsPositiveInfinity(pacer.Rate));
        Assert.Equal(0, pacer.Slowdowns);
        Assert.Equal(TimeSpan.Zero, pacer.TakeTurn());
    }

    [Fact]
    public void Twenty_percent_NAKed_is_still_loss_that_repair_absorbs()
    {
        var pacer = Pacer();

        Window(pacer, sent: 1_000, naked: 200, lag: 5_000);

        Assert.True(double.IsPositiveInfinity(pacer.Rate));
    }

    [Fact]
    public void A_NAK_more_than_an_eighth_of_the_hold_back_behind_halves_what_was_sent()
    {
        var pacer = Pacer();

        Window(pacer, sent: 1_000, naked: 1, lag: (HoldBack / 8) + 1);

        Assert.Equal(PerSecond(1_000) * SendPacer.Backoff, pacer.Rate, 1e-6);
        Assert.Equal(1, pacer.Slowdowns);
    }

    [Fact]
    public void Most_of_a_window_NAKed_means_an_overrun_subscriber_and_halves_the_rate()
    {
        var pacer = Pacer();

        Window(pacer, sent: 1_000, naked: 600, lag: 100);

        Assert.Equal(PerSecond(1_000) * SendPacer.Backoff, pacer.Rate, 1e-6);
    }

    [Fact]
    public void The_NAKs_of_what_was_behind_before_a_slowdown_do_not_slow_it_again()
    {
        var pacer = Pacer();
        Window(pacer, sent: 1_000, naked: 600, lag: 100_000);
        var slowed = pacer.Rate;

        for (var i = 0; i < SendPacer.QuietWindows; i++)
        {
            Window(pacer, sent: 500, naked: 600, lag: 100_000);
        }

        Assert.Equal(slowed, pacer.Rate, 1e-6);
        Assert.Equal(1, pacer.Slowdowns);
    }

    [Fact]
    public void Without_overrun_the_limit_grows_back_and_is_lifted_once_it_no_longer_binds()
    {
        var pacer = Pacer();
        Window(pacer, sent: 1_000, naked: 600, lag: 100);
        var slowed = pacer.Rate;
        for (var i = 0; i < SendPacer.QuietWindows; i++)
        {
            Window(pacer, sent: 500);
        }

        Window(pacer, sent: 500);
        Assert.Equal(slowed * SendPacer.Growth, pacer.Rate, 1e-6);

        // The publisher now sends far less than the limit: it no longer binds.
        for (var i = 0; i < 200 && !double.IsPositiveInfinity(pacer.Rate); i++)
        {
            Window(pacer, sent: 10);
        }

        Assert.True(double.IsPositiveInfinity(pacer.Rate));
    }

    [Fact]
    public void A_limited_publisher_sends_a_burst_of_4_ms_then_waits_for_its_turn()
    {
        var pacer = Pacer();
        Window(pacer, sent: 1_000, naked: 600, lag: 100);
        var burst = (int)(pacer.Rate * 0.004);
        Assert.NotEqual(TimeSpan.Zero, pacer.TakeTurn()); // slowed down: nothing in hand yet

        // Tokens gather while it waits, up to 4 ms of them.
        _now += Stopwatch.Frequency / 200;
        var taken = 0;
        while (pacer.TakeTurn() == TimeSpan.Zero && taken <= burst)
        {
            taken++;
        }

        Assert.Equal(burst, taken);
        var wait = pacer.TakeTurn();
        Assert.InRange(wait.TotalSeconds, 0, 1.0 / pacer.Rate);

        // Once that long has passed, the next datagram may go.
        _now += (long)(wait.TotalSeconds * Stopwatch.Frequency) + 1;
        Assert.Equal(TimeSpan.Zero, pacer.TakeTurn());
    }
}
