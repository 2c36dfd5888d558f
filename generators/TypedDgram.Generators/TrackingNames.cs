namespace TypedDgram.Generators
{
    /// <summary>The names of the pipeline steps, so tests can check that each one is cached across unrelated edits.</summary>
    internal static class TrackingNames
    {
        public const string Contracts = nameof(Contracts);
        public const string Parts = nameof(Parts);
        public const string Handlers = nameof(Handlers);
        public const string HandlerClasses = nameof(HandlerClasses);
    }
}
