namespace TypedDgram.Generators.Models
{
    /// <summary>One [DatagramHandler] method: the contract it handles and how to call it.</summary>
    /// <param name="MethodName">The method's name.</param>
    /// <param name="ContractName">The contract's <c>global::</c> name.</param>
    /// <param name="TypeId">The contract's type id.</param>
    /// <param name="TakesSender">Whether the method takes the sender's RemoteInfo as its second parameter.</param>
    /// <param name="ReturnKind">void, ValueTask or Task; or, for a request, its response, a ValueTask or a Task of it.</param>
    /// <param name="ResponseName">The response contract's <c>global::</c> name when the handler returns one; else empty.</param>
    internal sealed record HandlerInfo(string MethodName, string ContractName, uint TypeId, bool TakesSender, HandlerReturnKind ReturnKind, string ResponseName = "");

    /// <summary>What a handler returns.</summary>
    internal enum HandlerReturnKind
    {
        Void,
        ValueTask,
        Task,
        Response,
        ValueTaskOfResponse,
        TaskOfResponse,
    }
}
