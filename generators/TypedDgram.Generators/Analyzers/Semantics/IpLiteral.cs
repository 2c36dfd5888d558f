namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>The family of a textual IP address.</summary>
    internal enum IpFamily
    {
        /// <summary>Not an IP literal (a host name, or invalid).</summary>
        None,

        /// <summary>A dotted-quad IPv4 address.</summary>
        V4,

        /// <summary>An IPv6 address, possibly with a %zone.</summary>
        V6,
    }

    /// <summary>
    /// Strict IP literal parsing (inet_pton's grammar, which is what the multicast calls use), written here rather than
    /// borrowed from IPAddress.TryParse so the analyzer gives the same answer on every compiler host.
    /// </summary>
    internal static class IpLiteral
    {
        /// <summary>Parses an IPv4 dotted quad or an IPv6 address (with an optional %zone); false for anything else.</summary>
        public static bool TryParse(string text, out IpFamily family, out byte[] bytes)
        {
            if (TryParseV4(text, 0, text.Length, out bytes))
            {
                family = IpFamily.V4;
                return true;
            }

            var end = text.IndexOf('%');
            if (end == 0 || end == text.Length - 1)
            {
                family = IpFamily.None;
                return false;
            }

            if (TryParseV6(text, end < 0 ? text.Length : end, out bytes))
            {
                family = IpFamily.V6;
                return true;
            }

            family = IpFamily.None;
            return false;
        }

        /// <summary>224.0.0.0/4 or ff00::/8.</summary>
        public static bool IsMulticast(IpFamily family, byte[] bytes)
            => family == IpFamily.V4 ? bytes[0] >= 224 && bytes[0] <= 239 : family == IpFamily.V6 && bytes[0] == 0xff;

        /// <summary>
        /// True for text that can only have been meant as an IP literal but is not one, where a host name is also
        /// accepted: anything with a colon (host names have none) that is not IPv6, and a four-part dotted number
        /// with a part above 255. Shorter numeric forms such as "127.1" are left alone: resolvers accept them.
        /// </summary>
        public static bool IsInvalidLiteralForHost(string text)
        {
            if (text.IndexOf(':') >= 0)
            {
                return !TryParse(text, out var family, out _) || family != IpFamily.V6;
            }

            var parts = text.Split('.');
            if (parts.Length != 4)
            {
                return false;
            }

            var overflow = false;
            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 1 && part[0] == '0')
                {
                    return false;
                }

                foreach (var c in part)
                {
                    if (c < '0' || c > '9')
                    {
                        return false;
                    }
                }

                if (part.Length > 3 || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
                {
                    overflow = true;
                }
            }

            return overflow;
        }

        private static bool TryParseV4(string text, int start, int end, out byte[] bytes)
        {
            bytes = new byte[4];
            var part = 0;
            var value = -1;
            var digits = 0;
            for (var i = start; i <= end; i++)
            {
                if (i == end || text[i] == '.')
                {
                    if (digits == 0 || part > 3)
                    {
                        return false;
                    }

                    bytes[part++] = (byte)value;
                    value = -1;
                    digits = 0;
                    continue;
                }

                var c = text[i];
                if (c < '0' || c > '9' || digits > 0 && value == 0)
                {
                    return false;
                }

                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (value > 255)
                {
                    return false;
                }
            }

            return part == 4;
        }

        private static bool TryParseV6(string text, int end, out byte[] bytes)
        {
            bytes = new byte[16];
            var words = new int[8];
            var count = 0;
            var gap = -1;
            var i = 0;
            if (end >= 2 && text[0] == ':' && text[1] == ':')
            {
                gap = 0;
                i = 2;
            }
            else if (end >= 1 && text[0] == ':')
            {
                return false;
            }

            while (i < end)
            {
                if (count == 8)
                {
                    return false;
                }

                var groupStart = i;
                var value = 0;
                while (i < end && i - groupStart < 5 && IsHex(text[i]))
                {
                    value = value * 16 + HexValue(text[i]);
                    i++;
                }

                if (i < end && text[i] == '.')
                {
                    // an IPv4 tail fills the last two groups
                    if (count > 6 || !TryParseV4(text, groupStart, end, out var tail))
                    {
                        return false;
                    }

                    words[count++] = tail[0] << 8 | tail[1];
                    words[count++] = tail[2] << 8 | tail[3];
                    i = end;
                    break;
                }

                var length = i - groupStart;
                if (length == 0 || length > 4)
                {
                    return false;
                }

                words[count++] = value;
                if (i == end)
                {
                    break;
                }

                if (text[i] != ':')
                {
                    return false;
                }

                i++;
                if (i < end && text[i] == ':')
                {
                    if (gap >= 0)
                    {
                        return false;
                    }

                    gap = count;
                    i++;
                }
                else if (i == end)
                {
                    return false;
                }
            }

            if (gap < 0 ? count != 8 : count > 7)
            {
                return false;
            }

            var expanded = new int[8];
            if (gap < 0)
            {
                expanded = words;
            }
            else
            {
                for (var k = 0; k < gap; k++)
                {
                    expanded[k] = words[k];
                }

                var tailCount = count - gap;
                for (var k = 0; k < tailCount; k++)
                {
                    expanded[8 - tailCount + k] = words[gap + k];
                }
            }

            for (var k = 0; k < 8; k++)
            {
                bytes[2 * k] = (byte)(expanded[k] >> 8);
                bytes[2 * k + 1] = (byte)expanded[k];
            }

            return true;
        }

        private static bool IsHex(char c) => c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';

        private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
