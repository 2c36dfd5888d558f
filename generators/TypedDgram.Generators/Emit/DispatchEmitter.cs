using System.Globalization;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Emit
{
    /// <summary>
    /// Writes a handler class's implementation of <c>IDatagramHandlers</c>: one switch over the type ids it handles,
    /// each case reading its contract and calling its method. A class that is not sealed dispatches in a
    /// <c>protected virtual DispatchDatagram</c>, which a derived handler class overrides, falling back to its base's
    /// for the type ids it does not handle (<c>Dispatch/DispatchBase.cs</c>).
    /// </summary>
    internal static class DispatchEmitter
    {
        /// <summary>The protected virtual method a class that is not sealed dispatches in, and a derived handler class overrides.</summary>
        public const string HookName = "DispatchDatagram";

        private const string Handlers = "global::TypedDgram.Messaging.IDatagramHandlers";
        private const string Result = "global::TypedDgram.Contracts.Generated.DispatchResult";
        private const string Parameters = "(uint typeId, ref global::MessagePack.MessagePackReader reader, int memberCount, ref global::TypedDgram.Contracts.DatagramReadContext context, global::TypedDgram.Sockets.RemoteInfo from)";
        private const string Arguments = "(typeId, ref reader, memberCount, ref context, from)";
        private const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

        public static string Emit(DispatchInfo dispatch)
        {
            var writer = new SourceWriter();
            FileHeader.Open(writer, dispatch.Namespace, dispatch.ContainingTypes);
            if (dispatch.OverridesBase)
            {
                // The base class implements the interface and calls the hook; this class only adds its own handlers.
                writer.Line("partial " + dispatch.Keyword + " " + dispatch.Name);
                writer.Open();
                writer.Line("/// <inheritdoc/>");
                writer.Line(Hidden);
                writer.Line("protected override " + Result + " " + HookName + Parameters);
                EmitSwitch(writer, dispatch, "base." + HookName + Arguments);
            }
            else if (dispatch.IsSealed)
            {
                writer.Line("partial " + dispatch.Keyword + " " + dispatch.Name + " : " + Handlers);
                writer.Open();
                writer.Line(Result + " " + Handlers + ".Dispatch" + Parameters);
                EmitSwitch(writer, dispatch, Result + ".NoHandler");
            }
            else
            {
                writer.Line("partial " + dispatch.Keyword + " " + dispatch.Name + " : " + Handlers);
                writer.Open();
                writer.Line(Result + " " + Handlers + ".Dispatch" + Parameters);
                writer.Line("    => " + HookName + Arguments + ";");
                writer.Line();
                writer.Line("/// <summary>");
                writer.Line("/// Reads a datagram whose type id this class handles and calls its handler. A derived handler class overrides");
                writer.Line("/// this with its own handlers and falls back to it for the others.");
                writer.Line("/// </summary>");
                writer.Line(Hidden);
                writer.Line("protected virtual " + Result + " " + HookName + Parameters);
                EmitSwitch(writer, dispatch, Result + ".NoHandler");
            }

            writer.Close();
            FileHeader.Close(writer, dispatch.Namespace, dispatch.ContainingTypes.Count);
            return writer.ToString();
        }

        private static void EmitSwitch(SourceWriter writer, DispatchInfo dispatch, string otherwise)
        {
            writer.Open();
            writer.Line("switch (typeId)");
            writer.Open();
            foreach (var handler in dispatch.Handlers)
            {
                EmitCase(writer, handler);
                writer.Line();
            }

            writer.Line("default:");
            writer.Line("    return " + otherwise + ";");
            writer.Close();
            writer.Close();
        }

        private static void EmitCase(SourceWriter writer, HandlerInfo handler)
        {
            var id = DatagramTypeIdText(handler.TypeId);
            writer.Line("case " + id + ": // " + handler.ContractName.Replace("global::", string.Empty));
            writer.Open();
            writer.Line("if (!global::TypedDgram.Contracts.DatagramEnvelope.TryReadBody<" + handler.ContractName + ">(ref reader, memberCount, ref context, out var message))");
            writer.Open();
            writer.Line("return " + Result + ".Malformed;");
            writer.Close();
            writer.Line();
            var call = handler.MethodName + "(message" + (handler.TakesSender ? ", from" : string.Empty) + ")";
            switch (handler.ReturnKind)
            {
                case HandlerReturnKind.Void:
                    writer.Line(call + ";");
                    writer.Line("return " + Result + ".Handled;");
                    break;
                case HandlerReturnKind.ValueTask:
                    writer.Line("return " + Result + ".Started(" + call + ");");
                    break;
                case HandlerReturnKind.Task:
                    writer.Line("return " + Result + ".Started(new global::System.Threading.Tasks.ValueTask(" + call + "));");
                    break;
                case HandlerReturnKind.Response:
                    writer.Line("// A request's handler: its response goes back to the requester with the request's correlation id.");
                    writer.Line("return " + Result + ".Responded<" + handler.ResponseName + ">(" + call + ");");
                    break;
                case HandlerReturnKind.ValueTaskOfResponse:
                    writer.Line("// A request's handler: its response goes back to the requester with the request's correlation id.");
                    writer.Line("return " + Result + ".Responding<" + handler.ResponseName + ">(" + call + ");");
                    break;
                default:
                    writer.Line("// A request's handler: its response goes back to the requester with the request's correlation id.");
                    writer.Line("return " + Result + ".Responding<" + handler.ResponseName + ">(new global::System.Threading.Tasks.ValueTask<" + handler.ResponseName + ">(" + call + "));");
                    break;
            }

            writer.Close();
        }

        private static string DatagramTypeIdText(uint typeId)
            => (typeId & 0x8000_0000) != 0
                ? "0x" + typeId.ToString("X8", CultureInfo.InvariantCulture) + "u"
                : typeId.ToString(CultureInfo.InvariantCulture) + "u";
    }
}
