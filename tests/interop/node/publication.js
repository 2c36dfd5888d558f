// Pub/sub publications (docs/wire-format.md, section 7): ["TDGP", 1, publisherId, sequence, contract datagram].
import { MalformedDatagram, decodeWhole, readEnvelope, readIntegerAs, t } from "./wire.js";

/**
 * Reads one publication. Returns { publisherId (16 lowercase hex digits), sequence (BigInt), typeId, contract, value }
 * with contract and value undefined for a type id not in `contractsById`. Throws MalformedDatagram.
 */
export function decodePublication(bytes, contractsById) {
  const publication = decodeWhole(bytes);
  if (!Array.isArray(publication) || publication.length !== 5 || publication[0] !== "TDGP") {
    throw new MalformedDatagram("NotAPublication", "publication", "not an array of 5 starting with \"TDGP\"");
  }

  const [, version, publisherId, sequence, datagram] = publication;
  if (readIntegerAs(t.uint, version, "publication version") !== 1) {
    throw new MalformedDatagram("UnsupportedVersion", "publication version", `unsupported version ${String(version)}`);
  }

  if (!(publisherId instanceof Uint8Array) || publisherId.length !== 8) {
    throw new MalformedDatagram("UnexpectedType", "publication publisher id", "not a bin of 8 bytes");
  }

  return {
    publisherId: Buffer.from(publisherId).toString("hex"),
    sequence: readIntegerAs(t.ulong, sequence, "publication sequence"),
    ...readEnvelope(datagram, contractsById, "publication contract"),
  };
}
