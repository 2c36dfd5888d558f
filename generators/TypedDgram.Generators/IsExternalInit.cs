// Records and init-only setters in netstandard2.0 need this type; the compiler looks it up by name.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
