using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>Socket errors nobody handles go to standard error rate-limited: a few in full, then a periodic count.</summary>
public class UnhandledErrorReportTests
{
    private sealed class ManualTime : TimeProvider
    {
        public List<(TimerCallback Callback, TimeSpan DueTime)> Timers { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Timers.Add((callback, dueTime));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_first_five_errors_are_written_in_full_then_it_says_the_rest_are_counted()
    {
        var output = new StringWriter();
        var report = new UnhandledErrorReport(() => output, new ManualTime());

        for (var i = 0; i < UnhandledErrorReport.ShownInFull; i++)
        {
            report.Report("udp4", new InvalidOperationException($"error {i}"));
        }

        var lines = Lines(output);
        Assert.Equal(UnhandledErrorReport.ShownInFull, lines.Count(line => line.StartsWith("TypedDgram: unhandled error on a udp4 socket:", StringComparison.Ordinal)));
        Assert.Contains("error 4", output.ToString());
        Assert.Contains("further ones are only counted", lines[^1]);
    }

    [Fact]
    public void Errors_after_the_first_five_write_nothing_until_the_period_then_one_count()
    {
        var output = new StringWriter();
        var time = new ManualTime();
        var report = new UnhandledErrorReport(() => output, time);
        for (var i = 0; i < UnhandledErrorReport.ShownInFull; i++)
        {
            report.Report("udp4", new InvalidOperationException("shown"));
        }

        var shown = output.ToString();

        for (var i = 0; i < 1000; i++)
        {
            report.Report("udp6", new InvalidOperationException("flood"));
        }

        Assert.Equal(shown, output.ToString());
        var (callback, dueTime) = Assert.Single(time.Timers);
        Assert.Equal(UnhandledErrorReport.Period, dueTime);

        callback(null);

        Assert.Equal("TypedDgram: 1000 more unhandled socket errors in the last 10 s (not shown; subscribe to Error to handle them).", Lines(output)[^1]);
    }

    [Fact]
    public void After_a_count_the_next_error_starts_a_new_period_and_a_quiet_period_writes_nothing()
    {
        var output = new StringWriter();
        var time = new ManualTime();
        var report = new UnhandledErrorReport(() => output, time);
        for (var i = 0; i <= UnhandledErrorReport.ShownInFull; i++)
        {
            report.Report("udp4", new InvalidOperationException("e"));
        }

        time.Timers[0].Callback(null);
        var afterCount = output.ToString();
        report.WriteCount();
        Assert.Equal(afterCount, output.ToString());

        report.Report("udp4", new InvalidOperationException("again"));
        Assert.Equal(2, time.Timers.Count);
        time.Timers[1].Callback(null);
        Assert.StartsWith("TypedDgram: 1 more unhandled socket errors", Lines(output)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_a_socket_dropped_unraised_are_in_the_next_count_line()
    {
        var output = new StringWriter();
        var time = new ManualTime();
        var report = new UnhandledErrorReport(() => output, time);

        report.Count(976);

        Assert.Equal("", output.ToString());
        var timer = Assert.Single(time.Timers);
        Assert.Equal(UnhandledErrorReport.Period, timer.DueTime);
        timer.Callback(null);
        Assert.Contains("976 more unhandled socket errors", Assert.Single(Lines(output)));
    }
}
