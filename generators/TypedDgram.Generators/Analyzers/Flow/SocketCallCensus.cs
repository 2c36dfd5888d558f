using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// A cheap count of the socket calls in one member, gathered while the compiler walks it anyway. The flow
    /// analysis (which builds control-flow graphs) runs only for members where a rule could possibly fire.
    /// </summary>
    internal sealed class SocketCallCensus
    {
        private readonly DgramSymbols _symbols;
        private readonly int[] _counts = new int[(int)SocketMethodKind.Unknown + 1];
        private int _creations;
        private int _sendsWithDestination;
        private int _listeningSubscriptions;

        public SocketCallCensus(DgramSymbols symbols) => _symbols = symbols;

        public bool HasCreateSocket => Volatile.Read(ref _creations) > 0;

        public bool HasSendWithDestination => Volatile.Read(ref _sendsWithDestination) > 0;

        public bool HasListeningSubscription => Volatile.Read(ref _listeningSubscriptions) > 0;

        public int Count(SocketMethodKind kind) => Volatile.Read(ref _counts[(int)kind]);

        public void ObserveInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (_symbols.IsCreateSocket(method))
            {
                Interlocked.Increment(ref _creations);
                return;
            }

            if (_symbols.Classify(method) is not { } kind)
            {
                return;
            }

            Interlocked.Increment(ref _counts[(int)kind]);
            if (kind == SocketMethodKind.Send
                && (ArgumentValues.IsGiven(ArgumentValues.Find(invocation, "port")) || ArgumentValues.IsGiven(ArgumentValues.Find(invocation, "address"))))
            {
                Interlocked.Increment(ref _sendsWithDestination);
            }
        }

        public void ObserveEventAssignment(IEventAssignmentOperation assignment)
        {
            if (assignment.Adds
                && assignment.EventReference is IEventReferenceOperation reference
                && reference.Event.Name == "Listening"
                && _symbols.IsSocket(reference.Event.ContainingType))
            {
                Interlocked.Increment(ref _listeningSubscriptions);
            }
        }
    }
}
