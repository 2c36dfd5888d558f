using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>
    /// Reading a call's arguments the way Node reads them: by parameter name, with "left out" and "null"
    /// meaning the same thing, and constants seen through the conversions C# inserts (int to int?, byte[] to memory).
    /// </summary>
    internal static class ArgumentValues
    {
        /// <summary>The argument bound to the parameter named <paramref name="parameterName"/>, or null when the method has none.</summary>
        public static IArgumentOperation? Find(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>True when the argument is written in the call (not a default filled in by the compiler).</summary>
        public static bool IsExplicit(IArgumentOperation? argument)
            => argument is not null && argument.ArgumentKind != ArgumentKind.DefaultValue;

        /// <summary>True when the argument is written in the call and is not <c>null</c> or <c>default</c>.</summary>
        public static bool IsGiven(IArgumentOperation? argument)
            => IsExplicit(argument) && !IsNull(argument!.Value);

        /// <summary>The operation under any conversions.</summary>
        public static IOperation StripConversions(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>True for <c>null</c>, <c>default</c> and <c>(int?)null</c>.</summary>
        public static bool IsNull(IOperation value)
        {
            if (value.ConstantValue.HasValue && value.ConstantValue.Value is null)
            {
                return true;
            }

            var stripped = StripConversions(value);
            if (stripped.ConstantValue.HasValue)
            {
                return stripped.ConstantValue.Value is null;
            }

            return stripped is IDefaultValueOperation defaultValue
                && (defaultValue.Type is null || defaultValue.Type.IsReferenceType || defaultValue.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T);
        }

        /// <summary>The integer constant of an expression (through conversions), if it has one.</summary>
        public static bool TryGetInteger(IOperation? value, out long result)
        {
            result = 0;
            if (value is null)
            {
                return false;
            }

            if (TryConvert(value.ConstantValue, out result))
            {
                return true;
            }

            return TryConvert(StripConversions(value).ConstantValue, out result);
        }

        /// <summary>The string constant of an expression (through conversions), if it has one.</summary>
        public static bool TryGetString(IOperation? value, out string result)
        {
            result = string.Empty;
            if (value is null)
            {
                return false;
            }

            var constant = value.ConstantValue.HasValue ? value.ConstantValue : StripConversions(value).ConstantValue;
            if (constant.HasValue && constant.Value is string text)
            {
                result = text;
                return true;
            }

            return false;
        }

        private static bool TryConvert(Optional<object?> constant, out long result)
        {
            result = 0;
            if (!constant.HasValue)
            {
                return false;
            }

            switch (constant.Value)
            {
                case int i: result = i; return true;
                case long l: result = l; return true;
                case short s: result = s; return true;
                case sbyte sb: result = sb; return true;
                case byte b: result = b; return true;
                case ushort us: result = us; return true;
                case uint ui: result = ui; return true;
                case char c: result = c; return true;
                default: return false;
            }
        }
    }
}
