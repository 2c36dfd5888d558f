namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// What is known about one socket variable at one program point: its connect state, its bind state, and whether
    /// unseen code may change either at any moment ("poisoned"). Poison is of two kinds: the variable's (a lambda or
    /// local function that changes the variable exists: it stays for good) and the object's (the socket it holds
    /// escaped, or was closed: assigning a new socket to the variable clears it). Packed in a byte so a block's
    /// state is a small array. Unknown is the default (0) of each part.
    /// A socket is "owned" when the variable holds one created in this code that never escaped: nothing else can
    /// refer to it. Any other socket (a parameter, a field, a value from a call) may be the same object as another
    /// variable, so a change made through one forgets what was known about the others.
    /// </summary>
    internal static class SocketState
    {
        public const byte ConnUnknown = 0;
        public const byte NotConnected = 1;

        /// <summary>Connected for sure: after <c>await ConnectAsync</c>, or in the callback of a connect that succeeded.</summary>
        public const byte Connected = 2;

        /// <summary>
        /// Connect called and not awaited: connecting, and connected unless the connect fails later (a failure puts the
        /// socket back to disconnected). Until the code awaits something the failure cannot have been seen, so this
        /// counts as connected; an await forgets it.
        /// </summary>
        public const byte ConnectPending = 3;

        public const byte BindUnknown = 0;
        public const byte Unbound = 1;
        public const byte BindStarted = 2;

        private const byte ConnMask = 0x03;
        private const byte BindMask = 0x0C;
        private const byte ConnPoison = 0x10;
        private const byte BindPoison = 0x20;
        private const byte ObjectPoison = 0x40;
        private const byte AnyPoison = ConnPoison | BindPoison | ObjectPoison;
        private const byte Owned = 0x80;

        /// <summary>A socket just returned by Dgram.CreateSocket.</summary>
        public const byte Fresh = NotConnected | Unbound << 2 | Owned;

        public static bool IsOwned(byte state) => (state & Owned) != 0;

        public static byte Conn(byte state) => (byte)(state & ConnMask);

        /// <summary>Connected or connecting: Connect (again) throws, and a destination on Send is wrong.</summary>
        public static bool IsConnectedOrPending(byte state) => Conn(state) is Connected or ConnectPending;

        public static byte Bind(byte state) => (byte)((state & BindMask) >> 2);

        public static bool IsConnPoisoned(byte state) => (state & (ConnPoison | ObjectPoison)) != 0;

        public static bool IsBindPoisoned(byte state) => (state & (BindPoison | ObjectPoison)) != 0;

        /// <summary>Sets the connect state, unless unseen code may change it (then it stays unknown).</summary>
        public static byte WithConn(byte state, byte conn)
            => IsConnPoisoned(state) ? state : (byte)(state & ~ConnMask | conn);

        /// <summary>Sets the bind state, unless unseen code may change it (then it stays unknown).</summary>
        public static byte WithBind(byte state, byte bind)
            => IsBindPoisoned(state) ? state : (byte)(state & ~BindMask | bind << 2);

        /// <summary>The socket now held escaped (or was closed): nothing is known about it until the variable gets another.</summary>
        public static byte PoisonObject(byte state) => (byte)(state & ~(ConnMask | BindMask | Owned) | ObjectPoison);

        /// <summary>From here on the variable's connect and/or bind state can change behind the analysis' back: forget it for good.</summary>
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

        /// <summary>Takes on the connect and bind states of <paramref name="value"/> (an assignment): a new socket, so only the variable's poison stays.</summary>
        public static byte Assign(byte state, byte value)
            => WithBind(WithConn((byte)(state & ~(ObjectPoison | Owned) | value & Owned), Conn(value)), Bind(value));

        /// <summary>The state where two paths meet: what both paths agree on, and poisoned if either is.</summary>
        public static byte Join(byte left, byte right)
        {
            var poison = (byte)((left | right) & AnyPoison);
            var conn = Conn(left) == Conn(right) ? Conn(left)
                : IsConnectedOrPending(left) && IsConnectedOrPending(right) ? ConnectPending
                : ConnUnknown;
            var bind = Bind(left) == Bind(right) ? Bind(left) : BindUnknown;
            var joined = (byte)(conn | bind << 2 | poison | left & right & Owned);
            if (IsConnPoisoned(joined))
            {
                joined = (byte)(joined & ~ConnMask);
            }

            if (IsBindPoisoned(joined))
            {
                joined = (byte)(joined & ~BindMask);
            }

            return joined;
        }
    }
}
