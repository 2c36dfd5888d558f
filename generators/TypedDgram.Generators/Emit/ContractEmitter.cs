using System.Globalization;
using System.Linq;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Emit
{
    /// <summary>
    /// Writes a contract's or part's implementation of <c>IDatagram&lt;TSelf&gt;</c> / <c>IDatagramPart&lt;TSelf&gt;</c>:
    /// its type id, member count, member writer and member reader.
    /// </summary>
    internal static class ContractEmitter
    {
        private const string Contracts = "global::TypedDgram.Contracts.";
        private const string Writer = "global::MessagePack.MessagePackWriter";
        private const string Reader = "global::MessagePack.MessagePackReader";

        public static string Emit(ContractInfo contract)
        {
            var writer = new SourceWriter();
            FileHeader.Open(writer, contract.Namespace, contract.ContainingTypes);

            var self = contract.FullyQualifiedName;
            var part = Contracts + "IDatagramPart<" + self + ">";
            var contractInterface = contract.IsPart ? part : Contracts + "IDatagram<" + self + ">";
            writer.Line("partial " + contract.Keyword + " " + contract.Name + " : " + contractInterface);
            writer.Open();

            if (!contract.IsPart)
            {
                writer.Line(contract.IsExplicitId
                    ? "// Type id " + contract.TypeId.ToString(CultureInfo.InvariantCulture) + ", from [Datagram(Id = " + contract.TypeId.ToString(CultureInfo.InvariantCulture) + ")]."
                    : "// Type id hashed from \"" + contract.MetadataName + "\": FNV-1a 32 with the top bit set (docs/wire-format.md).");
                writer.Line("static uint " + contractInterface + ".TypeId => " + FormatId(contract) + ";");
                writer.Line();
                writer.Line("// The members' names in element order, so that a malformed datagram's report can name the one that failed.");
                writer.Line("static global::System.Collections.Generic.IReadOnlyList<string> " + contractInterface + ".MemberNames => new string[] { " + MemberNameList(contract) + " };");
                writer.Line();
                if (contract.IsAuthenticated)
                {
                    writer.Line("// [Datagram(Authenticated = true)]: read only when its HMAC verifies (docs/wire-format.md).");
                    writer.Line("static bool " + contractInterface + ".Authenticated => true;");
                    writer.Line();
                }

                if (contract.ResponseName.Length > 0)
                {
                    var response = contract.ResponseName;
                    writer.Line("// A request answered by " + response.Replace("global::", string.Empty) + ": RequestAsync reaches this contract's serializer through it (docs/wire-format.md, section 8).");
                    writer.Line("TResult " + Contracts + "IRequest<" + response + ">.Accept<TResult>(" + Contracts + "Generated.IRequestVisitor<" + response + ", TResult> visitor)");
                    writer.Line("    => visitor.Visit(this);");
                    writer.Line();
                }
            }

            writer.Line("static int " + part + ".MemberCount => " + contract.Members.Count.ToString(CultureInfo.InvariantCulture) + ";");
            writer.Line();
            EmitWriteMembers(writer, contract, part);
            writer.Line();
            EmitTryReadMembers(writer, contract, part);

            writer.Close();
            FileHeader.Close(writer, contract.Namespace, contract.ContainingTypes.Count);
            return writer.ToString();
        }

        // Member names are C# identifiers (a verbatim '@' is not part of the name), so they need no escaping in a literal.
        private static string MemberNameList(ContractInfo contract)
            => string.Join(", ", contract.Members.Select(member => "\"" + member.Name.TrimStart('@') + "\""));

        private static string FormatId(ContractInfo contract)
            => contract.IsExplicitId
                ? contract.TypeId.ToString(CultureInfo.InvariantCulture) + "u"
                : "0x" + contract.TypeId.ToString("X8", CultureInfo.InvariantCulture) + "u";

        private static string Position(ContractInfo contract, int memberIndex)
            => "element " + (contract.IsPart ? memberIndex : memberIndex + 1).ToString(CultureInfo.InvariantCulture);

        private static void EmitWriteMembers(SourceWriter writer, ContractInfo contract, string part)
        {
            writer.Line("static void " + part + ".WriteMembers(ref " + Writer + " writer, " + contract.FullyQualifiedName + " value)");
            writer.Open();
            var values = new ValueWriter(writer);
            for (var i = 0; i < contract.Members.Count; i++)
            {
                var member = contract.Members[i];
                if (i > 0)
                {
                    writer.Line();
                }

                writer.Line("// " + Position(contract, i) + ": " + member.Name + " (" + member.Type.TypeName + ")");
                values.Write(member.Type, "value." + member.Name);
            }

            writer.Close();
        }

        private static void EmitTryReadMembers(SourceWriter writer, ContractInfo contract, string part)
        {
            writer.Line("static bool " + part + ".TryReadMembers(ref " + Reader + " reader, int count, ref " + Contracts + "DatagramReadContext context, [global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out " + contract.FullyQualifiedName + " value)");
            writer.Open();
            writer.Line("value = default;");
            foreach (var member in contract.Members)
            {
                writer.Line(member.Type.TypeName + " " + member.LocalName + " = " + (member.DefaultValue ?? "default!") + ";");
            }

            var values = new ValueReader(writer);
            for (var i = 0; i < contract.Members.Count; i++)
            {
                var member = contract.Members[i];
                var index = i.ToString(CultureInfo.InvariantCulture);
                writer.Line();
                writer.Line("// " + Position(contract, i) + ": " + member.Name + " (" + member.Type.TypeName + ")" + (member.DefaultValue is null ? ", required" : string.Empty));
                writer.Line("if (count > " + index + ")");
                writer.Open();
                values.Read(member.Type, member.LocalName);
                writer.Close();
                if (member.DefaultValue is null)
                {
                    writer.Line("else");
                    writer.Open();
                    writer.Line("return " + ValueReader.Call("FailMissingMember", "ref reader") + ";");
                    writer.Close();
                }
            }

            var known = contract.Members.Count.ToString(CultureInfo.InvariantCulture);
            writer.Line();
            writer.Line("// Elements a newer version of the contract added at the end.");
            writer.ReturnFalseUnless("(count <= " + known + " || " + ValueReader.Call("TrySkip", "ref reader, count - " + known) + ")");
            writer.Line();
            var locals = string.Join(", ", contract.Members.Select(m => m.LocalName));
            writer.Line(contract.IsPositional
                ? "value = new " + contract.FullyQualifiedName + "(" + locals + ");"
                : "value = new " + contract.FullyQualifiedName + " { " + string.Join(", ", contract.Members.Select(m => m.Name + " = " + m.LocalName)) + " };");
            writer.Line("return true;");
            writer.Close();
        }
    }
}
