namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>The connect state of a socket variable at one program point, as far as the code shows it.</summary>
    internal enum ConnectState : byte
    {
        Unknown,
        NotConnected,

        /// <summary>Connected for sure: after <c>await ConnectAsync</c>, or in the callback of a connect that succeeded.</summary>
        Connected,

        /// <summary>
        /// Connect called and not awaited: connecting, and connected unless the connect fails later (a failure puts the
        /// socket back to disconnected). Until the code awaits something the failure cannot have been seen, so this
        /// counts as connected; an await forgets it.
        /// </summary>
        ConnectPending,
    }

    /// <summary>The bind state of a socket variable at one program point.</summary>
    internal enum BindState : byte
    {
        Unknown,
        Unbound,
        BindStarted,
    }

    /// <summary>
    /// What is known about one socket variable at one program point: its connect state, its bind state, and whether
    /// unseen code may change either at any moment. Poison is of two kinds: the variable's (<see cref="ConnectPoisoned"/>,
    /// <see cref="BindPoisoned"/>: a lambda or local function that changes the variable exists, and it stays for good)
    /// and the object's (<see cref="ObjectPoisoned"/>: the socket it holds escaped, or was closed; assigning a new socket
    /// to the variable clears it). The default is "nothing known".
    /// A socket is <see cref="Owned"/> when the variable holds one created in this code that never escaped: nothing else
    /// can refer to it. Any other socket (a parameter, a field, a value from a call) may be the same object as another
    /// variable, so a change made through one forgets what was known about the others.
    /// <see cref="Closed"/> and <see cref="Unassigned"/> matter only to the code that runs later (lambdas, local
    /// functions): it cannot run while the variable is unassigned, and every call on a closed socket throws
    /// ERR_SOCKET_DGRAM_NOT_RUNNING whatever else the state says.
    /// </summary>
    internal readonly record struct SocketState(
        ConnectState Connect,
        BindState Bind,
        bool ConnectPoisoned,
        bool BindPoisoned,
        bool ObjectPoisoned,
        bool Owned,
        bool Closed,
        bool Unassigned)
    {
        /// <summary>A socket just returned by Dgram.CreateSocket.</summary>
        public static SocketState Fresh { get; } = new SocketState(ConnectState.NotConnected, BindState.Unbound, false, false, false, Owned: true, false, false);

        /// <summary>A local before its declaration runs.</summary>
        public static SocketState NotYetAssigned { get; } = default(SocketState) with { Unassigned = true };

        /// <summary>Connected or connecting: Connect (again) throws, and a destination on Send is wrong.</summary>
        public bool IsConnectedOrPending => Connect is ConnectState.Connected or ConnectState.ConnectPending;

        public bool IsConnectUnknowable => ConnectPoisoned || ObjectPoisoned;

        public bool IsBindUnknowable => BindPoisoned || ObjectPoisoned;

        /// <summary>Sets the connect state, unless unseen code may change it (then it stays unknown).</summary>
        public SocketState WithConnect(ConnectState connect) => IsConnectUnknowable ? this : this with { Connect = connect };

        /// <summary>Sets the bind state, unless unseen code may change it (then it stays unknown).</summary>
        public SocketState WithBind(BindState bind) => IsBindUnknowable ? this : this with { Bind = bind };

        /// <summary>Nothing known about either state (the variable's poison stays).</summary>
        public SocketState Forgotten() => WithConnect(ConnectState.Unknown).WithBind(BindState.Unknown);

        /// <summary>
        /// The socket now held escaped: nothing is known about it until the variable gets another. An escape may be the
        /// write that assigns the variable (an out argument), so it counts as assigned.
        /// </summary>
        public SocketState PoisonObject()
            => this with { Connect = ConnectState.Unknown, Bind = BindState.Unknown, Owned = false, ObjectPoisoned = true, Unassigned = false };

        /// <summary>The socket now held is closed: as escaped for the code that follows, and no state at all for code that runs later.</summary>
        public SocketState Close() => PoisonObject() with { Closed = true };

        /// <summary>From here on the variable's connect and/or bind state can change behind the analysis' back: forget it for good.</summary>
        public SocketState Poison(bool connect, bool bind)
        {
            var state = this;
            if (connect)
            {
                state = state with { Connect = ConnectState.Unknown, ConnectPoisoned = true };
            }

            if (bind)
            {
                state = state with { Bind = BindState.Unknown, BindPoisoned = true };
            }

            return state;
        }

        /// <summary>Takes on the states of <paramref name="value"/> (an assignment): a new socket, so only the variable's poison stays.</summary>
        public SocketState Assign(SocketState value)
            => (this with { ObjectPoisoned = false, Closed = false, Unassigned = false, Owned = value.Owned })
                .WithConnect(value.Connect)
                .WithBind(value.Bind);

        /// <summary>
        /// The state where two paths meet: what both paths agree on, and poisoned if either is. A path where the variable
        /// is not assigned yet adds only its poison: the variable cannot be read after the meeting point until assigned.
        /// </summary>
        public static SocketState Join(SocketState left, SocketState right)
        {
            if (left.Unassigned != right.Unassigned)
            {
                var (assigned, unassigned) = left.Unassigned ? (right, left) : (left, right);
                return assigned.Poison(unassigned.ConnectPoisoned, unassigned.BindPoisoned);
            }

            var connect = left.Connect == right.Connect ? left.Connect
                : left.IsConnectedOrPending && right.IsConnectedOrPending ? ConnectState.ConnectPending
                : ConnectState.Unknown;
            var joined = new SocketState(
                connect,
                left.Bind == right.Bind ? left.Bind : BindState.Unknown,
                left.ConnectPoisoned || right.ConnectPoisoned,
                left.BindPoisoned || right.BindPoisoned,
                left.ObjectPoisoned || right.ObjectPoisoned,
                left.Owned && right.Owned,
                left.Closed && right.Closed,
                left.Unassigned && right.Unassigned);
            if (joined.IsConnectUnknowable)
            {
                joined = joined with { Connect = ConnectState.Unknown };
            }

            if (joined.IsBindUnknowable)
            {
                joined = joined with { Bind = BindState.Unknown };
            }

            return joined;
        }

        /// <summary>
        /// Adds one more state the variable may have when later code (a lambda, a local function) runs. States where the
        /// variable is not assigned or its socket closed add nothing (that code cannot run, or fails whatever it does);
        /// null is "no state yet".
        /// </summary>
        public static SocketState? JoinLater(SocketState? sofar, SocketState state)
        {
            if (state.Unassigned || state.Closed)
            {
                return sofar;
            }

            return sofar is { } known ? Join(known, state) : state;
        }
    }
}
