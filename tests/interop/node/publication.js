// Pub/sub publications (docs/wire-format.md, section 7): ["TDGP", 1, publisherId, sequence, contract datagram], and
// frames ["TDGP", 3, kind, publisherId, sequence, body], of which a batch (kind 1, subsection "Batches") carries
// publications sequence, sequence + 1, ... as an array of contract datagrams.
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

/**
 * Reads the publications one datagram carries: a version 1 publication (one), a version 3 batch frame (each element,
 * numbered from the frame's sequence), or a version 3 frame of another kind (none: ignored, as the document says).
 * Each is as decodePublication returns it. Throws MalformedDatagram.
 */
export function decodePublications(bytes, contractsById) {
  const frame = decodeWhole(bytes);
  if (!Array.isArray(frame) || frame[0] !== "TDGP") {
    throw new MalformedDatagram("NotAPublication", "publication", "not an array starting with \"TDGP\"");
  }

  if (frame.length === 5) {
    return [decodePublication(bytes, contractsById)];
  }

  if (frame.length !== 6 || readIntegerAs(t.uint, frame[1], "frame version") !== 3) {
    throw new MalformedDatagram("UnsupportedVersion", "frame version", `unsupported version ${String(frame[1])} with ${frame.length} elements`);
  }

  const [, , kind, publisherId, sequence, body] = frame;
  if (!(publisherId instanceof Uint8Array) || publisherId.length !== 8) {
    throw new MalformedDatagram("UnexpectedType", "frame publisher id", "not a bin of 8 bytes");
  }

  if (readIntegerAs(t.uint, kind, "frame kind") !== 1) {
    return [];
  }

  if (!Array.isArray(body) || body.length === 0) {
    throw new MalformedDatagram("UnexpectedType", "batch body", "not an array of 1 or more contract datagrams");
  }

  const first = readIntegerAs(t.ulong, sequence, "batch sequence");
  const id = Buffer.from(publisherId).toString("hex");
  return body.map((datagram, i) => ({
    publisherId: id,
    sequence: first + BigInt(i),
    ...readEnvelope(datagram, contractsById, `batch element ${i}`),
  }));
}
