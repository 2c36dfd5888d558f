namespace TypedDgram.PubSub;

/// <summary>How an authenticated publication protects its body (element 3 of the version 2 frame; docs/wire-format.md, section 7).</summary>
internal enum FrameSuite
{
    /// <summary>HMAC-SHA256 over every byte before the tag: the contract datagram is readable by anyone, changed by no one without the key.</summary>
    HmacSha256 = 1,

    /// <summary>AES-256-GCM: the contract datagram is encrypted (a bin of ciphertext); the tag covers it and the header.</summary>
    Aes256Gcm = 2,
}
