using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>
    /// The least number of bytes a message argument certainly holds, from the source alone: string constants
    /// (UTF-8), <c>new byte[N]</c>, array initializers, <c>Encoding.UTF8.GetBytes("...")</c>, lists of those (an
    /// element of unknown size counts as zero), and locals that hold nothing else.
    /// </summary>
    internal static class PayloadSizes
    {
        public static bool TryGetMinimum(IOperation message, out long minimum)
            => TryGetMinimum(message, depth: 0, out minimum);

        private static bool TryGetMinimum(IOperation message, int depth, out long minimum)
        {
            minimum = 0;
            if (depth > 4)
            {
                return false;
            }

            if (ArgumentValues.TryGetString(message, out var text))
            {
                minimum = System.Text.Encoding.UTF8.GetByteCount(text);
                return true;
            }

            switch (ArgumentValues.StripConversions(message))
            {
                case IArrayCreationOperation array when array.DimensionSizes.Length == 1:
                    if (!IsByteArray(array.Type))
                    {
                        return array.Initializer is not null && SumOf(array.Initializer.ElementValues, depth, out minimum);
                    }

                    if (ArgumentValues.TryGetInteger(array.DimensionSizes[0], out var length))
                    {
                        minimum = length;
                        return true;
                    }

                    minimum = array.Initializer?.ElementValues.Length ?? 0;
                    return array.Initializer is not null;

                case ICollectionExpressionOperation collection:
                    if (!IsByteArray(collection.Type))
                    {
                        return SumOf(collection.Elements, depth, out minimum);
                    }

                    foreach (var element in collection.Elements)
                    {
                        minimum += element is ISpreadOperation ? 0 : 1;
                    }

                    return true;

                case IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation initializer }:
                    var adds = System.Collections.Immutable.ImmutableArray.CreateBuilder<IOperation>();
                    foreach (var element in initializer.Initializers)
                    {
                        if (element is IInvocationOperation { Arguments.Length: 1 } add)
                        {
                            adds.Add(add.Arguments[0].Value);
                        }
                    }

                    return SumOf(adds.ToImmutable(), depth, out minimum);

                case IInvocationOperation { TargetMethod.Name: "GetBytes", Arguments.Length: 1 } getBytes
                    when getBytes.TargetMethod.ContainingType is { Name: "Encoding", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
                        && getBytes.Instance is IPropertyReferenceOperation { Property.Name: "UTF8" }
                        && ArgumentValues.TryGetString(getBytes.Arguments[0].Value, out var encoded):
                    minimum = System.Text.Encoding.UTF8.GetByteCount(encoded);
                    return true;

                case ILocalReferenceOperation local:
                    var value = LocalValues.TryGetOnlyValue(local.Local, local, static initializer => initializer
                        is ArrayCreationExpressionSyntax
                        or ImplicitArrayCreationExpressionSyntax
                        or CollectionExpressionSyntax
                        or ObjectCreationExpressionSyntax
                        or ImplicitObjectCreationExpressionSyntax
                        or InvocationExpressionSyntax
                        or LiteralExpressionSyntax);
                    return value is not null && TryGetMinimum(value, depth + 1, out minimum);

                default:
                    return false;
            }
        }

        /// <summary>
        /// The exact number of bytes a single message holds, when the source fixes it: a string constant (UTF-8),
        /// <c>new byte[N]</c>, an array initializer, a collection expression without spreads, <c>"..."u8.ToArray()</c>,
        /// <c>Encoding.UTF8.GetBytes("...")</c>, or a local that holds only one of these.
        /// </summary>
        public static bool TryGetExact(IOperation message, out long size) => TryGetExact(message, depth: 0, out size);

        private static bool TryGetExact(IOperation message, int depth, out long size)
        {
            size = 0;
            if (depth > 4)
            {
                return false;
            }

            if (ArgumentValues.TryGetString(message, out var text))
            {
                size = System.Text.Encoding.UTF8.GetByteCount(text);
                return true;
            }

            switch (ArgumentValues.StripConversions(message))
            {
                case IArrayCreationOperation array when array.DimensionSizes.Length == 1 && IsByteArray(array.Type):
                    return ArgumentValues.TryGetInteger(array.DimensionSizes[0], out size);

                case ICollectionExpressionOperation collection when IsByteArray(collection.Type):
                    foreach (var element in collection.Elements)
                    {
                        if (element is ISpreadOperation)
                        {
                            return false;
                        }
                    }

                    size = collection.Elements.Length;
                    return true;

                case IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 0, Instance: { } instance }
                    when ArgumentValues.StripConversions(instance) is IUtf8StringOperation utf8:
                    size = System.Text.Encoding.UTF8.GetByteCount(utf8.Value);
                    return true;

                case IInvocationOperation getBytes when IsUtf8GetBytesOfConstant(getBytes, out var encoded):
                    size = System.Text.Encoding.UTF8.GetByteCount(encoded);
                    return true;

                case ILocalReferenceOperation local:
                    var value = LocalValues.TryGetOnlyValue(local.Local, local, static initializer => initializer
                        is ArrayCreationExpressionSyntax
                        or ImplicitArrayCreationExpressionSyntax
                        or CollectionExpressionSyntax
                        or InvocationExpressionSyntax
                        or LiteralExpressionSyntax);
                    return value is not null && TryGetExact(value, depth + 1, out size);

                default:
                    return false;
            }
        }

        private static bool IsUtf8GetBytesOfConstant(IInvocationOperation getBytes, out string encoded)
        {
            encoded = string.Empty;
            return getBytes is { TargetMethod.Name: "GetBytes", Arguments.Length: 1 }
                && getBytes.TargetMethod.ContainingType is { Name: "Encoding", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
                && getBytes.Instance is IPropertyReferenceOperation { Property.Name: "UTF8" }
                && ArgumentValues.TryGetString(getBytes.Arguments[0].Value, out encoded);
        }

        private static bool SumOf(System.Collections.Immutable.ImmutableArray<IOperation> elements, int depth, out long minimum)
        {
            minimum = 0;
            var any = false;
            foreach (var element in elements)
            {
                if (TryGetMinimum(element, depth + 1, out var size))
                {
                    minimum += size;
                    any = true;
                }
            }

            return any;
        }

        private static bool IsByteArray(ITypeSymbol? type)
            => type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte };
    }
}
