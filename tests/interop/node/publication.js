// Pub/sub publications (docs/wire-format.md, section 7): ["TDGP", 1, publisherId, sequence, contract datagram], and
// fragments of a publication larger than a datagram: ["TDGP", 3, 4, publisherId, frameSequence, [publication, total,
// offset, bytes]] ("Fragments"), put back together here from the document alone, and batches ["TDGP", 3, 1,
// publisherId, sequence, [contract datagram, ...]] ("Batches"), publications sequence, sequence + 1, ...
import { MalformedDatagram, decodeWhole, readEnvelope, readIntegerAs, t } from "./wire.js";

const BATCH = 1;
const FRAGMENT = 4;

/**
 * The publications one frame from decodeFrame carries, each as Reassembler.accept returns one: a publication (one), a
 * batch (kind 1, section 7 "Batches": each element of its body, numbered from the frame's sequence), or a fragment (the
 * publication it completes, if it does).
 */
export function publicationsOf(frame, reassembler) {
  if (frame.kind !== BATCH) {
    const whole = reassembler.accept(frame);
    return whole === null ? [] : [whole];
  }

  if (!Array.isArray(frame.body) || frame.body.length === 0) {
    throw new MalformedDatagram("UnexpectedType", "batch body", "not an array of 1 or more contract datagrams");
  }

  return frame.body.map((body, i) => ({ publisherId: frame.publisherId, sequence: frame.sequence + BigInt(i), body }));
}

/**
 * Reads one unkeyed frame: a version 1 publication (kind 0, its contract datagram decoded as the body) or a version 3
 * frame of any kind (its body decoded). Returns { kind, publisherId, sequence, body }. Throws MalformedDatagram.
 */
export function decodeFrame(bytes) {
  const frame = decodeWhole(bytes);
  if (!Array.isArray(frame) || frame[0] !== "TDGP" || frame.length < 2) {
    throw new MalformedDatagram("NotAPublication", "publication", "not an array starting with \"TDGP\"");
  }

  const version = readIntegerAs(t.uint, frame[1], "publication version");
  if (version === 1 && frame.length === 5) {
    const [, , publisherId, sequence, body] = frame;
    return { kind: 0, publisherId: readPublisherId(publisherId), sequence: readIntegerAs(t.ulong, sequence, "publication sequence"), body };
  }

  if (version === 3 && frame.length === 6) {
    const [, , kind, publisherId, sequence, body] = frame;
    return {
      kind: readIntegerAs(t.uint, kind, "frame kind"),
      publisherId: readPublisherId(publisherId),
      sequence: readIntegerAs(t.ulong, sequence, "frame sequence"),
      body,
    };
  }

  throw new MalformedDatagram("UnsupportedVersion", "publication version", `unsupported version ${String(version)} with ${frame.length} elements`);
}

/**
 * Puts fragmented publications back together (section 7, "Fragments"): by (publisher id, publication number), each
 * fragment's bytes at its offset, whole when every byte of the total has arrived. A test peer: it trusts its sender
 * and bounds nothing, as a production reader must (see "Reading fragments").
 */
export class Reassembler {
  #pending = new Map();

  /**
   * Takes one frame from decodeFrame. Returns { publisherId, sequence, body } (the publication number and its decoded
   * contract datagram) for a publication, or for the fragment that completes one; null for a fragment that leaves its
   * publication incomplete.
   */
  accept(frame) {
    if (frame.kind === 0) return frame;
    if (frame.kind !== FRAGMENT) {
      throw new MalformedDatagram("UnexpectedType", "frame kind", `kind ${frame.kind} is not one this peer reads`);
    }

    if (!Array.isArray(frame.body) || frame.body.length !== 4 || !(frame.body[3] instanceof Uint8Array)) {
      throw new MalformedDatagram("UnexpectedType", "fragment", "not [publication, total, offset, bytes]");
    }

    const publication = readIntegerAs(t.ulong, frame.body[0], "fragment publication");
    const total = readIntegerAs(t.uint, frame.body[1], "fragment total");
    const offset = readIntegerAs(t.uint, frame.body[2], "fragment offset");
    const bytes = frame.body[3];
    const key = `${frame.publisherId}/${publication}`;
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = { buffer: new Uint8Array(total), received: new Uint8Array(total), left: total };
      this.#pending.set(key, pending);
    }

    if (pending.buffer.length !== total || offset + bytes.length > total) {
      throw new MalformedDatagram("UnexpectedType", "fragment", `total ${total}, offset ${offset}, ${bytes.length} bytes do not fit publication ${publication}`);
    }

    pending.buffer.set(bytes, offset);
    for (let i = offset; i < offset + bytes.length; i++) {
      if (!pending.received[i]) {
        pending.received[i] = 1;
        pending.left--;
      }
    }

    if (pending.left > 0) return null;
    this.#pending.delete(key);
    return { publisherId: frame.publisherId, sequence: publication, body: decodeWhole(pending.buffer) };
  }
}

/** A publication Reassembler.accept returned, read: { publisherId, sequence, typeId, contract, value }. */
export function readPublication(publication, contractsById) {
  return { publisherId: publication.publisherId, sequence: publication.sequence, ...readEnvelope(publication.body, contractsById, "publication contract") };
}

function readPublisherId(publisherId) {
  if (!(publisherId instanceof Uint8Array) || publisherId.length !== 8) {
    throw new MalformedDatagram("UnexpectedType", "publication publisher id", "not a bin of 8 bytes");
  }

  return Buffer.from(publisherId).toString("hex");
}
