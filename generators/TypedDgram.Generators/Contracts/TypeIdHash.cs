using System.Text;

namespace TypedDgram.Generators.Contracts
{
    /// <summary>
    /// The hashed type id, the same algorithm as the runtime's <c>DatagramTypeId.FromName</c>: FNV-1a 32-bit over the UTF-8
    /// bytes of the CLR full name, with the top bit set so that hashed ids never meet explicit ones.
    /// </summary>
    internal static class TypeIdHash
    {
        public const uint HashedBit = 0x8000_0000;

        public static uint FromName(string fullName)
        {
            var hash = 2166136261u;
            foreach (var b in Encoding.UTF8.GetBytes(fullName))
            {
                hash = unchecked((hash ^ b) * 16777619u);
            }

            return hash | HashedBit;
        }
    }
}
