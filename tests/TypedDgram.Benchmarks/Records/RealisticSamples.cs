using TypedDgram.Contracts;

namespace TypedDgram.Benchmarks.Records;

/// <summary>
/// One value of each realistic shape (<see cref="Tick"/>, <see cref="Order"/>, <see cref="Reading"/>) whose wire size
/// is the throughput run's payload: the last string takes up what the other members leave (ASCII, as such fields are).
/// </summary>
public static class RealisticSamples
{
    public static Tick TickOfSize(int size) =>
        Fit(size, pad => new Tick(1_000_123, 638_999_000_000_000_000, 101.25, pad));

    public static Order OrderOfSize(int size) =>
        Fit(size, note => new Order(1_000_123, 4_200_000_017, "EURUSD", true, 250_000, 1.08435, 7, "desk-7/algo-2", note));

    public static Reading ReadingOfSize(int size) =>
        Fit(size, unit => new Reading(1_000_123, 638_999_000_000_000_000, new Origin("sensor-host-12", 42, 48.8566f, 2.3522f), 21.625, unit));

    // The longest filler that keeps the datagram within size; a string header growing at 32 or 256 characters can leave
    // it a byte or two short, which WireSize reports.
    private static T Fit<T>(int size, Func<string, T> make)
        where T : IDatagram<T>
    {
        var length = Math.Max(0, size - WireSize(make(string.Empty)));
        while (length > 0 && WireSize(make(new string('x', length))) > size)
        {
            length--;
        }

        return make(new string('x', length));
    }

    public static int WireSize<T>(T value)
        where T : IDatagram<T>
        => DatagramEnvelope.Serialize(value).Length;
}
