using System.Globalization;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Emit
{
    /// <summary>
    /// Writes a handler class's implementation of <c>IDatagramHandlers</c>: one switch over the type ids it handles,
    /// each case reading its contract and calling its method.
    /// </summary>
    internal static class DispatchEmitter
    {
        private const string Handlers = "global::TypedDgram.Messaging.IDatagramHandlers";
        private const string Result = "global::TypedDgram.Messaging.DispatchResult";

        public static string Emit(DispatchInfo dispatch)
        {
            var writer = new SourceWriter();
            FileHeader.Open(writer, dispatch.Namespace, dispatch.ContainingTypes);
            writer.Line("partial " + dispatch.Keyword + " " + dispatch.Name + " : " + Handlers);
            writer.Open();
            writer.Line(Result + " " + Handlers + ".Dispatch(uint typeId, ref global::MessagePack.MessagePackReader reader, int memberCount, ref global::TypedDgram.Contracts.DatagramReadContext context, global::TypedDgram.Sockets.RemoteInfo from)");
            writer.Open();
            writer.Line("switch (typeId)");
            writer.Open();
            foreach (var handler in dispatch.Handlers)
            {
                EmitCase(writer, handler);
                writer.Line();
            }

            writer.Line("default:");
            writer.Line("    return " + Result + ".NoHandler;");
            writer.Close();
            writer.Close();
            writer.Close();
            FileHeader.Close(writer, dispatch.Namespace, dispatch.ContainingTypes.Count);
            return writer.ToString();
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
                default:
                    writer.Line("return " + Result + ".Started(new global::System.Threading.Tasks.ValueTask(" + call + "));");
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
