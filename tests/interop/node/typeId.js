// Type ids, docs/wire-format.md section 2: an explicit id, or FNV-1a 32 of the UTF-8 CLR full name with the top bit set.

const utf8 = new TextEncoder();

/** The hashed type id of a contract whose CLR full name is `fullName` ("Namespace.Outer+Inner"). */
export function hashedTypeId(fullName) {
  let h = 0x811c9dc5;
  for (const b of utf8.encode(fullName)) {
    // Math.imul keeps the product's low 32 bits; a plain * would exceed 2^53 and lose them.
    h = Math.imul(h ^ b, 0x01000193);
  }

  // JavaScript's bitwise operators give signed 32-bit results: >>> 0 makes the id unsigned again.
  return (h | 0x80000000) >>> 0;
}
