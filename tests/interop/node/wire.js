// TypedDgram's wire format (docs/wire-format.md) on @msgpack/msgpack: member types, the envelope, versioning.
//
// A contract is described once, as in C#: its id (explicit, or hashed from its CLR full name) and its members in
// declaration order, each with a type from `t` below. Values in JavaScript ("domain values") are:
//   bool -> boolean; 8/16/32-bit integers, char and enums of those -> number; 64-bit integers, nint, nuint, TimeSpan
//   (ticks) and enums over long/ulong -> bigint; float/double -> number; decimal -> its text ("-1.50");
//   string -> string; byte[] / ReadOnlyMemory<byte> -> Uint8Array; Guid -> lowercase text; DateTime -> Timestamp;
//   DateTimeOffset -> { clock: Timestamp, offsetMinutes }; T? -> null or the value; lists -> Array;
//   dictionaries -> Map; parts and contracts used as members -> an object keyed by member name.
import {
  Decoder,
  EXT_TIMESTAMP,
  Encoder,
  ExtData,
  ExtensionCodec,
  decodeTimestampToTimeSpec,
  encodeTimeSpecToTimestamp,
} from "@msgpack/msgpack";
import { hashedTypeId } from "./typeId.js";
import { MAX_OFFSET_MINUTES, MAX_SECONDS, MIN_SECONDS, Timestamp } from "./time.js";

/** A datagram that breaks the wire format; `reason` uses the names of TypedDgram's MalformedDatagramReason. */
export class MalformedDatagram extends Error {
  constructor(reason, path, detail) {
    super(`${reason} at ${path}: ${detail}`);
    this.reason = reason;
    this.path = path;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Member types (section 3). `valueDefault` is what a missing trailing member of that type becomes (section 4):
// the type's default for value types and nullable types; reference types have none.

function integer(name, min, max, { wide = false } = {}) {
  return { kind: "integer", name, min: BigInt(min), max: BigInt(max), wide, valueDefault: wide ? 0n : 0 };
}

const int64 = integer("long", -(2n ** 63n), 2n ** 63n - 1n, { wide: true });
const uint64 = integer("ulong", 0n, 2n ** 64n - 1n, { wide: true });

export const t = {
  bool: { kind: "bool", valueDefault: false },
  byte: integer("byte", 0, 255),
  sbyte: integer("sbyte", -128, 127),
  short: integer("short", -32768, 32767),
  ushort: integer("ushort", 0, 65535),
  int: integer("int", -(2 ** 31), 2 ** 31 - 1),
  uint: integer("uint", 0, 2 ** 32 - 1),
  long: int64,
  ulong: uint64,
  nint: int64, // written as 64-bit signed; this peer takes the 64-bit platform's range
  nuint: uint64,
  char: integer("char", 0, 65535), // one UTF-16 code unit
  float: { kind: "float", single: true, valueDefault: 0 },
  double: { kind: "float", single: false, valueDefault: 0 },
  decimal: { kind: "decimal", valueDefault: "0" },
  string: { kind: "string" },
  bytes: { kind: "bytes" },
  memory: { kind: "bytes", valueDefault: new Uint8Array(0) }, // ReadOnlyMemory<byte> is a struct: empty by default
  guid: { kind: "guid", valueDefault: "00000000-0000-0000-0000-000000000000" },
  dateTime: { kind: "dateTime", valueDefault: new Timestamp(MIN_SECONDS, 0) },
  dateTimeOffset: { kind: "dateTimeOffset", valueDefault: { clock: new Timestamp(MIN_SECONDS, 0), offsetMinutes: 0 } },
  timeSpan: integer("TimeSpan", -(2n ** 63n), 2n ** 63n - 1n, { wide: true }), // 100 ns ticks
  /** An enum is its underlying integer type (`t.byte`, `t.long`, ...); values need not be named members. */
  enumOf: (underlying) => underlying,
  nullable: (inner) => ({ kind: "nullable", inner, valueDefault: null }),
  /** T[], List<T>, IReadOnlyList<T>. */
  list: (item) => ({ kind: "list", item }),
  /** ImmutableArray<T> is a struct whose default is written as nil: a list that may be null. */
  immutableArray: (item) => ({ kind: "nullable", inner: { kind: "list", item }, valueDefault: null }),
  /** Dictionary<K,V>, IReadOnlyDictionary<K,V>. */
  map: (key, value) => ({ kind: "map", key, value }),
  /** A [DatagramPart] record class, or a [Datagram] contract used as a member. */
  part: (contract) => ({ kind: "part", contract }),
  /** A [DatagramPart] record struct: a value type, so a missing one is its members' defaults. */
  structPart: (contract) => ({
    kind: "part",
    contract,
    get valueDefault() {
      return Object.fromEntries(contract.members.map((m) => [m.name, m.default ?? m.type.valueDefault ?? null]));
    },
  }),
};

/** A member: its name (only for JavaScript; names are not on the wire), type and declared default if it has one. */
export function member(name, type, options = {}) {
  return { name, type, ...("default" in options ? { default: options.default } : {}) };
}

/** A contract or part: `id` for `[Datagram(Id = n)]`, `fullName` (CLR, nested types joined with +) for a hashed id. */
export function contract({ name, id, fullName, members }) {
  return { name, id: id ?? (fullName === undefined ? undefined : hashedTypeId(fullName)), fullName, members };
}

// ---------------------------------------------------------------------------------------------------------------
// The codec. @msgpack/msgpack needs three settings to carry every member type exactly:
// - useBigInt64: 64-bit integers above 2^53 are exact only as BigInt (and encoding then writes a BigInt as int 64 /
//   uint 64; numbers outside 32 bits must be passed as BigInt, or the encoder writes them as float 64);
// - the timestamp extension (type -1) read and written as seconds + nanoseconds instead of the built-in Date (ms);
// - map keys kept in a side table, so that keys of any type survive and a key given twice can be detected (the
//   library stores maps in plain objects, where a second equal key would silently replace the first).

let mapKeys = [];

const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: EXT_TIMESTAMP,
  encode: (value) => (value instanceof Timestamp ? encodeTimeSpecToTimestamp(value) : null),
  decode: (data) => {
    const { sec, nsec } = decodeTimestampToTimeSpec(data);
    return new Timestamp(sec, nsec);
  },
});

const encoder = new Encoder({ extensionCodec, useBigInt64: true });
const decoder = new Decoder({
  extensionCodec,
  useBigInt64: true,
  // TypedDgram's default reader limits (DatagramReaderLimits); a datagram is at most 65,507 bytes anyway.
  maxStrLength: 65_536,
  maxBinLength: 65_536,
  maxArrayLength: 65_536,
  maxMapLength: 65_536,
  mapKeyConverter: (key) => String(mapKeys.push(key) - 1),
});

function isMap(value) {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Timestamp) &&
    !(value instanceof ExtData)
  );
}

function describe(value) {
  if (value === null) return "nil";
  if (Array.isArray(value)) return "array";
  if (value instanceof Uint8Array) return "bin";
  if (value instanceof Timestamp) return "timestamp";
  if (value instanceof ExtData) return `ext ${value.type}`;
  if (isMap(value)) return "map";
  return typeof value === "bigint" || Number.isInteger(value) ? "integer" : typeof value;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading: wire value (as decoded by the library) -> domain value, checking type and range as section 5 asks.

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const decimalPattern = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function unexpected(type, value, path) {
  return new MalformedDatagram("UnexpectedType", path, `${describe(value)} where ${type.name ?? type.kind} was expected`);
}

function readInteger(type, value, path) {
  if (!(typeof value === "bigint" || Number.isInteger(value))) {
    throw unexpected(type, value, path);
  }

  const big = BigInt(value);
  if (big < type.min || big > type.max) {
    throw new MalformedDatagram("OutOfRange", path, `${big} does not fit ${type.name}`);
  }

  return type.wide ? big : Number(big);
}

function read(type, value, path) {
  if (type.kind === "nullable") {
    return value === null ? null : read(type.inner, value, path);
  }

  if (value === null) {
    throw new MalformedDatagram("UnexpectedNil", path, `nil where ${type.name ?? type.kind} was expected`);
  }

  switch (type.kind) {
    case "bool":
      if (typeof value !== "boolean") throw unexpected(type, value, path);
      return value;
    case "integer":
      return readInteger(type, value, path);
    case "float": {
      // A float 32, a float 64 or an integer; float members take the nearest float.
      if (typeof value !== "number" && typeof value !== "bigint") throw unexpected(type, value, path);
      const number = Number(value);
      return type.single ? Math.fround(number) : number;
    }
    case "decimal":
      if (typeof value === "bigint" || Number.isInteger(value)) return String(value);
      if (typeof value !== "string") throw unexpected(type, value, path);
      if (!decimalPattern.test(value)) throw new MalformedDatagram("InvalidFormat", path, `"${value}" is not a decimal`);
      return value;
    case "string":
      if (typeof value !== "string") throw unexpected(type, value, path);
      return value;
    case "bytes":
      if (!(value instanceof Uint8Array)) throw unexpected(type, value, path);
      return value.slice(); // the library's bytes are a view of the datagram
    case "guid":
      if (typeof value !== "string") throw unexpected(type, value, path);
      if (!guidPattern.test(value)) throw new MalformedDatagram("InvalidFormat", path, `"${value}" is not a Guid`);
      return value.toLowerCase();
    case "dateTime":
      if (!(value instanceof Timestamp)) throw unexpected(type, value, path);
      if (value.sec < MIN_SECONDS || value.sec > MAX_SECONDS || value.nsec >= 1e9) {
        throw new MalformedDatagram("OutOfRange", path, `${value.sec} s is outside DateTime's range`);
      }
      return value;
    case "dateTimeOffset": {
      if (!Array.isArray(value) || value.length !== 2) throw unexpected(type, value, path);
      const clock = read(t.dateTime, value[0], `${path}[0]`);
      const offsetMinutes = readInteger(t.short, value[1], `${path}[1]`);
      const utcSeconds = clock.sec - offsetMinutes * 60;
      if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES || utcSeconds < MIN_SECONDS || utcSeconds > MAX_SECONDS) {
        throw new MalformedDatagram("OutOfRange", path, `offset ${offsetMinutes} min on ${clock} is out of range`);
      }
      return { clock, offsetMinutes };
    }
    case "list":
      if (!Array.isArray(value)) throw unexpected(type, value, path);
      return value.map((item, i) => read(type.item, item, `${path}[${i}]`));
    case "map": {
      if (!isMap(value)) throw unexpected(type, value, path);
      const result = new Map();
      for (const [slot, item] of Object.entries(value)) {
        const key = read(type.key, mapKeys[Number(slot)], `${path} key`);
        if (result.has(key)) throw new MalformedDatagram("DuplicateKey", path, `key ${String(key)} appears twice`);
        result.set(key, read(type.value, item, `${path}[${String(key)}]`));
      }
      return result;
    }
    case "part":
      if (!Array.isArray(value)) throw unexpected(type, value, path);
      return readMembers(type.contract, value, 0, path);
    default:
      throw new Error(`unknown member type ${type.kind}`);
  }
}

/**
 * Reads a contract's members from `elements[start...]` by position (section 4): elements after the last known member
 * are skipped; members missing from the end get their declared default, else their type's default, else the datagram
 * is malformed (MissingMember).
 */
export function readMembers(contract, elements, start, path = contract.name) {
  const result = {};
  contract.members.forEach((m, i) => {
    const index = start + i;
    const memberPath = `${path}.${m.name}`;
    if (index < elements.length) {
      result[m.name] = read(m.type, elements[index], memberPath);
    } else if ("default" in m) {
      result[m.name] = m.default;
    } else if (m.type.valueDefault !== undefined) {
      result[m.name] = m.type.valueDefault;
    } else {
      throw new MalformedDatagram("MissingMember", memberPath, `the datagram ends before this required member`);
    }
  });
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing: domain value -> the value the library encodes in the form section 3 gives.

function writeInteger(type, value, path) {
  const big = BigInt(value);
  if (big < type.min || big > type.max) {
    throw new Error(`${path}: ${big} does not fit ${type.name}`);
  }

  // The library writes a number in its shortest integer form only up to 32 bits; beyond that, BigInt.
  return big >= -(2n ** 31n) && big < 2n ** 32n ? Number(big) : big;
}

function write(type, value, path) {
  if (value === undefined) {
    throw new Error(`${path}: no value`);
  }

  if (type.kind === "nullable") {
    return value === null ? null : write(type.inner, value, path);
  }

  if (value === null) {
    throw new Error(`${path}: null in a member that is not nullable`);
  }

  switch (type.kind) {
    case "bool":
    case "string":
    case "bytes":
    case "dateTime":
      return value;
    case "integer":
      return writeInteger(type, value, path);
    case "float":
      // The library writes a JavaScript number as float 64, or as an integer when it is whole; TypedDgram reads both
      // into float and double members (it cannot choose float 32 for one value).
      return value;
    case "decimal":
      if (!decimalPattern.test(value)) throw new Error(`${path}: "${value}" is not a decimal`);
      return value;
    case "guid":
      return value.toLowerCase();
    case "dateTimeOffset":
      return [value.clock, value.offsetMinutes];
    case "list":
      return value.map((item, i) => write(type.item, item, `${path}[${i}]`));
    case "map": {
      if (type.key.kind !== "string" && type.key.kind !== "guid") {
        // The library writes maps from plain objects, whose keys are strings; it cannot write integer keys.
        throw new Error(`${path}: @msgpack/msgpack writes only string map keys`);
      }
      const object = Object.create(null);
      for (const [key, item] of value) {
        object[write(type.key, key, `${path} key`)] = write(type.value, item, `${path}[${key}]`);
      }
      return object;
    }
    case "part":
      return writeMembers(type.contract, value, path);
    default:
      throw new Error(`unknown member type ${type.kind}`);
  }
}

/** A contract's members in declaration order, ready for the library (a part is written as this array). */
export function writeMembers(contract, value, path = contract.name) {
  return contract.members.map((m) => write(m.type, value[m.name], `${path}.${m.name}`));
}

// ---------------------------------------------------------------------------------------------------------------
// The envelope (section 1): one datagram is one array [typeId, member0, member1, ...] and nothing after it.

function libraryErrorReason(message) {
  if (message.startsWith("Extra ")) return "TrailingBytes";
  if (message.startsWith("Insufficient data")) return "Truncated";
  if (message.startsWith("Unrecognized type byte")) return "InvalidCode";
  if (message.startsWith("Max length exceeded")) return "TooLong";
  return "UnexpectedType";
}

/** The bytes of one datagram carrying `value` as `contract`. */
export function encodeDatagram(contract, value) {
  return encoder.encode([contract.id, ...writeMembers(contract, value)]);
}

/** Decodes one MessagePack value that is the whole datagram (nothing may follow it). Throws MalformedDatagram. */
export function decodeWhole(bytes) {
  mapKeys = [];
  try {
    return decoder.decode(bytes); // throws on trailing bytes, truncation and the reserved code C1
  } catch (error) {
    throw new MalformedDatagram(libraryErrorReason(error.message), "datagram", error.message);
  }
}

/**
 * Reads an envelope [typeId, member0, ...] decoded by decodeWhole. Returns { typeId, contract, value }, with contract
 * and value undefined when no contract in `contractsById` has the id (a well-formed datagram of a type this peer does
 * not know). Throws MalformedDatagram.
 */
export function readEnvelope(envelope, contractsById, path = "datagram") {
  if (!Array.isArray(envelope) || envelope.length === 0) {
    throw new MalformedDatagram("NotAnEnvelope", path, `${describe(envelope)} instead of [typeId, ...]`);
  }

  const typeId = Number(readInteger(t.uint, envelope[0], `${path} type id`));
  if (typeId === 0) {
    throw new MalformedDatagram("NotAnEnvelope", `${path} type id`, "type id 0");
  }

  const found = contractsById.get(typeId);
  return {
    typeId,
    contract: found,
    value: found === undefined ? undefined : readMembers(found, envelope, 1),
  };
}

/** Reads one datagram: decodeWhole, then readEnvelope. */
export function decodeDatagram(bytes, contractsById) {
  return readEnvelope(decodeWhole(bytes), contractsById);
}

/** Reads an integer member of `type` (t.ulong, ...) from a value decodeWhole gave; exported for other layouts. */
export function readIntegerAs(type, value, path) {
  return readInteger(type, value, path);
}
