using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>
/// Reliability options a bus cannot work with are refused by <c>JoinAsync</c> with Node's codes, naming the option,
/// in either mode (a bad history fails the day it is written, not the day reliable mode is turned on).
/// </summary>
public class ReliabilityOptionsTests
{
    // MulticastOptions' default: the history and the hold-back must take at least one datagram of it.
    private const int MaxDatagramSize = 1472;

    private static async Task<DgramException> JoinFailsAsync(MulticastOptions options) =>
        await Assert.ThrowsAsync<DgramException>(() => MulticastBus.JoinAsync(options));

    private static MulticastOptions Options(HistoryOptions? history = null, RepairOptions? repair = null, ReliabilityMode mode = ReliabilityMode.Reliable) =>
        new()
        {
            Group = Loopback.NewGroup(),
            Interface = Loopback.Interface,
            Reliability = mode,
            History = history ?? new HistoryOptions(),
            Repair = repair ?? new RepairOptions(),
        };

    [Fact]
    public async Task An_undefined_mode_throws_ERR_INVALID_ARG_VALUE()
    {
        var error = await JoinFailsAsync(Options(mode: (ReliabilityMode)7));

        Assert.Equal(DgramErrorCode.InvalidArgValue, error.Code);
        Assert.Contains("\"Reliability\"", error.Message);
        Assert.Contains("Received 7", error.Message);
    }

    [Fact]
    public async Task Null_history_or_repair_throws_ERR_INVALID_ARG_TYPE()
    {
        var noHistory = await JoinFailsAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, History = null! });
        var noRepair = await JoinFailsAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, Repair = null! });

        Assert.Equal(DgramErrorCode.InvalidArgType, noHistory.Code);
        Assert.Contains("\"History\"", noHistory.Message);
        Assert.Equal(DgramErrorCode.InvalidArgType, noRepair.Code);
        Assert.Contains("\"Repair\"", noRepair.Message);
    }

    [Theory]
    [InlineData(0, HistoryOptions.DefaultBytes, "History.Count")]
    [InlineData((1 << 20) + 1, HistoryOptions.DefaultBytes, "History.Count")]
    [InlineData(HistoryOptions.DefaultCount, 1000, "History.Bytes")]
    public async Task History_out_of_range_throws_ERR_OUT_OF_RANGE_naming_it(int count, int bytes, string option)
    {
        var error = await JoinFailsAsync(Options(history: new HistoryOptions { Count = count, Bytes = bytes }));

        Assert.Equal(DgramErrorCode.OutOfRange, error.Code);
        Assert.Contains($"\"{option}\"", error.Message);
    }

    public static TheoryData<string, RepairOptions> BadRepairs => new()
    {
        { "Repair.NakBackoff", new RepairOptions { NakBackoff = TimeSpan.FromMilliseconds(-1) } },
        { "Repair.NakHoldoff", new RepairOptions { NakHoldoff = TimeSpan.Zero } },
        { "Repair.NakHoldoff", new RepairOptions { NakHoldoff = TimeSpan.FromHours(1) } },
        { "Repair.RepairHoldoff", new RepairOptions { RepairHoldoff = TimeSpan.FromMilliseconds(-5) } },
        { "Repair.RepairDeadline", new RepairOptions { RepairDeadline = TimeSpan.Zero } },
        { "Repair.RepairDeadline", new RepairOptions { RepairDeadline = TimeSpan.FromDays(1) } },
        { "Repair.HoldBackCount", new RepairOptions { HoldBackCount = 0 } },
        { "Repair.HoldBackBytes", new RepairOptions { HoldBackBytes = 100 } },
        { "Repair.MaxRetransmissionsPerSecond", new RepairOptions { MaxRetransmissionsPerSecond = 9 } },
    };

    [Theory]
    [MemberData(nameof(BadRepairs))]
    public async Task Repair_out_of_range_throws_ERR_OUT_OF_RANGE_naming_it(string option, RepairOptions repair)
    {
        var error = await JoinFailsAsync(Options(repair: repair));

        Assert.Equal(DgramErrorCode.OutOfRange, error.Code);
        Assert.Contains($"\"{option}\"", error.Message);
    }

    [Fact]
    public async Task Bad_history_is_refused_in_best_effort_mode_too()
    {
        var error = await JoinFailsAsync(Options(history: new HistoryOptions { Count = 0 }, mode: ReliabilityMode.BestEffort));

        Assert.Equal(DgramErrorCode.OutOfRange, error.Code);
    }

    [Fact]
    public async Task The_bounds_themselves_are_accepted()
    {
        await using var bus = await MulticastBus.JoinAsync(Options(
            history: new HistoryOptions { Count = 1, Bytes = MaxDatagramSize },
            repair: new RepairOptions
            {
                NakBackoff = TimeSpan.Zero,
                NakHoldoff = TimeSpan.FromMilliseconds(1),
                RepairHoldoff = TimeSpan.Zero,
                RepairDeadline = TimeSpan.FromMilliseconds(1),
                HoldBackCount = 1,
                HoldBackBytes = MaxDatagramSize,
                MaxRetransmissionsPerSecond = 10,
            }));

        Assert.InRange(bus.Port, 1, 65535);
    }
}
