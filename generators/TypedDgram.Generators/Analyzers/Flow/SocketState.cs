namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// What is known about one socket variable at one program point: its connect state, its bind state, and whether
    /// unseen code may change either at any moment ("poisoned": it escaped, or a lambda that changes it exists).
    /// Packed in a byte so a block's state is a small array. Unknown is the default (0) of each part.
    /// </summary>
    internal static class SocketState
    {
        public const byte ConnUnknown = 0;
        public const byte NotConnected = 1;
        public const byte Connected = 2;

        public const byte BindUnknown = 0;
        public const byte Unbound = 1;
        public const byte BindStarted = 2;

        private const byte ConnMask = 0x03;
        private const byte BindMask = 0x0C;
        private const byte ConnPoison = 0x10;
        private const byte BindPoison = 0x20;

        /// <summary>A socket just returned by Dgram.CreateSocket.</summary>
        public const byte Fresh = NotConnected | Unbound << 2;

        public static byte Conn(byte state) => (byte)(state & ConnMask);

        public static byte Bind(byte state) => (byte)((state & BindMask) >> 2);

        public static bool IsConnPoisoned(byte state) => (state & ConnPoison) != 0;

        public static bool IsBindPoisoned(byte state) => (state & BindPoison) != 0;

        /// <summary>Sets the connect state, unless unseen code may change it (then it stays unknown).</summary>
        public static byte WithConn(byte state, byte conn)
            => IsConnPoisoned(state) ? state : (byte)(state & ~ConnMask | conn);

        /// <summary>Sets the bind state, unless unseen code may change it (then it stays unknown).</summary>
        public static byte WithBind(byte state, byte bind)
            => IsBindPoisoned(state) ? state : (byte)(state & ~BindMask | bind << 2);

        /// <summary>From here on the connect and/or bind state can change behind the analysis' back: forget it for good.</summary>
        public static byte Poison(byte state, bool conn, bool bind)
        {
            if (conn)
            {
                state = (byte)(state & ~ConnMask | ConnPoison);
            }

            if (bind)
            {
                state = (byte)(state & ~BindMask | BindPoison);
            }

            return state;
        }

        /// <summary>Takes on the connect and bind states of <paramref name="value"/> (an assignment), keeping the poison flags.</summary>
        public static byte Assign(byte state, byte value)
            => WithBind(WithConn(state, Conn(value)), Bind(value));

        /// <summary>The state where two paths meet: what both paths agree on, and poisoned if either is.</summary>
        public static byte Join(byte left, byte right)
        {
            var poison = (byte)((left | right) & (ConnPoison | BindPoison));
            var conn = Conn(left) == Conn(right) ? Conn(left) : ConnUnknown;
            var bind = Bind(left) == Bind(right) ? Bind(left) : BindUnknown;
            var joined = (byte)(conn | bind << 2 | poison);
            return Poison(joined, (poison & ConnPoison) != 0, (poison & BindPoison) != 0);
        }
    }
}
