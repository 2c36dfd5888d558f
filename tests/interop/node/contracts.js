// The test contracts, declared as tests/TypedDgram.Interop.Tests/Contracts/*.cs declares them in C#: same ids, same
// members in the same order. Where this peer plays an older or newer program, its version of a contract is named so.
import { contract, member, t } from "./wire.js";

const ns = "TypedDgram.Interop.Tests.Contracts";

// Everything.cs ---------------------------------------------------------------------------------------------------

/** enum Color : byte { Red, Green, Blue = 200 } */
export const Color = { Red: 0, Green: 1, Blue: 200 };

/** enum Big : long { Small = -5, Huge = long.MaxValue } */
export const Big = { Small: -5n, Huge: 2n ** 63n - 1n };

/** [DatagramPart] record Point(int X, int Y) */
export const Point = contract({ name: "Point", members: [member("X", t.int), member("Y", t.int)] });

/** [DatagramPart] record struct Segment(Point From, Point? To) */
export const Segment = contract({
  name: "Segment",
  members: [member("From", t.part(Point)), member("To", t.nullable(t.part(Point)))],
});

// PingPong.cs -----------------------------------------------------------------------------------------------------

/** [Datagram] record Ping(int Seq, DateTimeOffset SentAt, string Text): a hashed id. */
export const Ping = contract({
  name: "Ping",
  fullName: `${ns}.Ping`,
  members: [member("Seq", t.int), member("SentAt", t.dateTimeOffset), member("Text", t.string)],
});

/** [Datagram] record Pong(int Seq, DateTimeOffset SentAt, string Echo, string Runtime): a hashed id. */
export const Pong = contract({
  name: "Pong",
  fullName: `${ns}.Pong`,
  members: [
    member("Seq", t.int),
    member("SentAt", t.dateTimeOffset),
    member("Echo", t.string),
    member("Runtime", t.string),
  ],
});

// Everything.cs ---------------------------------------------------------------------------------------------------

/** [Datagram(Id = 10)] record Everything(...): every supported member type. */
export const Everything = contract({
  name: "Everything",
  id: 10,
  members: [
    member("Bool", t.bool),
    member("Byte", t.byte),
    member("SByte", t.sbyte),
    member("Short", t.short),
    member("UShort", t.ushort),
    member("Int", t.int),
    member("UInt", t.uint),
    member("Long", t.long),
    member("ULong", t.ulong),
    member("NInt", t.nint),
    member("NUInt", t.nuint),
    member("Char", t.char),
    member("Float", t.float),
    member("Double", t.double),
    member("Decimal", t.decimal),
    member("String", t.string),
    member("NullableString", t.nullable(t.string)),
    member("Bytes", t.bytes),
    member("NullableBytes", t.nullable(t.bytes)),
    member("Memory", t.memory),
    member("Color", t.enumOf(t.byte)),
    member("Big", t.enumOf(t.long)),
    member("Guid", t.guid),
    member("DateTime", t.dateTime),
    member("DateTimeOffset", t.dateTimeOffset),
    member("TimeSpan", t.timeSpan),
    member("NullableInt", t.nullable(t.int)),
    member("NullableDecimal", t.nullable(t.decimal)),
    member("NullableGuid", t.nullable(t.guid)),
    member("NullableColor", t.nullable(t.enumOf(t.byte))),
    member("NullableDateTime", t.nullable(t.dateTime)),
    member("NullableDateTimeOffset", t.nullable(t.dateTimeOffset)),
    member("NullableTimeSpan", t.nullable(t.timeSpan)),
    member("Ints", t.list(t.int)),
    member("Strings", t.nullable(t.list(t.nullable(t.string)))),
    member("Longs", t.list(t.long)),
    member("Points", t.list(t.part(Point))),
    member("Doubles", t.immutableArray(t.double)),
    member("Counts", t.map(t.string, t.int)),
    member("Lookup", t.nullable(t.map(t.guid, t.nullable(t.part(Point))))),
    member("Tags", t.map(t.string, t.list(t.string))),
    member("Origin", t.part(Point)),
    member("Segment", t.structPart(Segment)),
    member("MaybeSegment", t.nullable(t.structPart(Segment))),
    member("Nested", t.part(Ping)),
    member("Jagged", t.list(t.list(t.int))),
  ],
});

// Settings.cs ----------------------------------------------------------------------------------------------------

/** [Datagram(Id = 11)] record Settings { int Volume { get; init; } string Name { get; init; } = ""; } */
export const Settings = contract({
  name: "Settings",
  id: 11,
  members: [member("Volume", t.int), member("Name", t.string, { default: "" })],
});

// Status.cs: C# has Status(int Code, Point At, string? Detail = null, long Uptime = 42). This peer knows an older
// version (Point had only X; Status ended after At) and a newer one (Point gained Z; Status gained Tags and Extra).

const PointV1 = contract({ name: "PointV1", members: [member("X", t.int)] });
const PointV3 = contract({ name: "PointV3", members: [member("X", t.int), member("Y", t.int), member("Z", t.int)] });

/** The older Status: [20, Code, [X]]. This peer reads Status datagrams as this version. */
export const StatusV1 = contract({
  name: "StatusV1",
  id: 20,
  members: [member("Code", t.int), member("At", t.part(PointV1))],
});

/** The newer Status: two more members at the end, one more in its Point. */
export const StatusV3 = contract({
  name: "StatusV3",
  id: 20,
  members: [
    member("Code", t.int),
    member("At", t.part(PointV3)),
    member("Detail", t.nullable(t.string), { default: null }),
    member("Uptime", t.long, { default: 42n }),
    member("Tags", t.list(t.string)),
    member("Extra", t.map(t.string, t.list(t.map(t.string, t.int)))),
  ],
});

/** C# has [Datagram(Id = 21)] Labeled(int Code, string Label); this older version lacks the required Label. */
export const LabeledV0 = contract({ name: "LabeledV0", id: 21, members: [member("Code", t.int)] });

// Names.cs --------------------------------------------------------------------------------------------------------

/** static partial class Names { [Datagram] record Grüße(string Text); }: a nested, non-ASCII CLR name. */
export const Grusse = contract({
  name: "Grüße",
  fullName: `${ns}.Names+Grüße`,
  members: [member("Text", t.string)],
});

// Control.cs: how the tests drive this peer -------------------------------------------------------------------------

/** Control+Check(string Fixture, Everything Value): "is Value your copy of Fixture?" */
export const Check = contract({
  name: "Check",
  fullName: `${ns}.Control+Check`,
  members: [member("Fixture", t.string), member("Value", t.part(Everything))],
});

/** Control+Verdict(string Fixture, string? Mismatch): the answer to a Check; Mismatch is null when they are equal. */
export const Verdict = contract({
  name: "Verdict",
  fullName: `${ns}.Control+Verdict`,
  members: [member("Fixture", t.string), member("Mismatch", t.nullable(t.string))],
});

/** Control+Request(string What): "send me What" (a fixture name, or one of the requests peer.js lists). */
export const Request = contract({
  name: "Request",
  fullName: `${ns}.Control+Request`,
  members: [member("What", t.string)],
});

/** Control+Failure(string Reason): this peer could not read or answer a datagram. */
export const Failure = contract({
  name: "Failure",
  fullName: `${ns}.Control+Failure`,
  members: [member("Reason", t.string)],
});

/** Control+TypeIds(Dictionary<string, uint> Ids): the hashed ids this peer computed, by CLR full name. */
export const TypeIds = contract({
  name: "TypeIds",
  fullName: `${ns}.Control+TypeIds`,
  members: [member("Ids", t.map(t.string, t.uint))],
});

/** Control+Subscribe(string Group, int Port, int Count): "join Group on 127.0.0.1, port Port, for Count publications". */
export const Subscribe = contract({
  name: "Subscribe",
  fullName: `${ns}.Control+Subscribe`,
  members: [member("Group", t.string), member("Port", t.int), member("Count", t.int)],
});

/** Control+Subscribed(string Group, int Port): the peer has joined and listens. */
export const Subscribed = contract({
  name: "Subscribed",
  fullName: `${ns}.Control+Subscribed`,
  members: [member("Group", t.string), member("Port", t.int)],
});

/**
 * Control+Heard(string PublisherId, ulong Sequence, uint TypeId, string? Mismatch): one publication the peer read,
 * with its header; Mismatch compares an Everything publication with the "typical" fixture (null when equal).
 */
export const Heard = contract({
  name: "Heard",
  fullName: `${ns}.Control+Heard`,
  members: [
    member("PublisherId", t.string),
    member("Sequence", t.ulong),
    member("TypeId", t.uint),
    member("Mismatch", t.nullable(t.string)),
  ],
});

/** Every contract with a hashed id, for the TypeIds answer. */
export const hashedContracts = [Ping, Pong, Grusse, Check, Verdict, Request, Failure, TypeIds, Subscribe, Subscribed, Heard];
