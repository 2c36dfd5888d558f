#!/usr/bin/env node
// A Node.js dgram peer that speaks TypedDgram's wire format, written from docs/wire-format.md alone.
//
//   node peer.js [--lifetime <seconds>]
//
// Binds 127.0.0.1 on an ephemeral port and prints "listening 127.0.0.1:<port>" on stdout. Every datagram it can read
// is answered to its sender:
//   Ping                 -> Pong with the same Seq and SentAt, Echo = Text, Runtime = "node <version>"
//   Everything, Grüße    -> the same contract, written again from the values this peer read
//   Settings             -> Settings with Volume + 1 and Name in upper case
//   Status (id 20)       -> read as the older StatusV1 (newer members skipped) and sent back as StatusV1
//   Control+Check        -> Control+Verdict: does Value equal this peer's copy of the named fixture?
//   Control+Request      -> a fixture name: that Everything; "status-newer" / "status-older": a Status as the newer /
//                           older version; "labeled-older": a Labeled without its required Label; "type-ids":
//                           Control+TypeIds with the hashed ids this peer computed
//   Control+Subscribe    -> joins the multicast group on 127.0.0.1 at the port given, answers Control+Subscribed, then
//                           answers each of the next Count publications (section 7 of the wire format) with
//                           Control+Heard: its publisher id, sequence, type id, and for an Everything how it differs
//                           from the "typical" fixture; then leaves the group
// Anything it cannot read or answer gets Control+Failure with the reason (also written to stderr); for a type id it
// does not know that is not a verdict on the datagram, only the test's way of seeing why no other answer came.
// It exits by itself when its standard input ends (the test that started it is gone) or after --lifetime seconds
// (default 120), whichever comes first.
import dgram from "node:dgram";
import { mismatch } from "./compare.js";
import * as c from "./contracts.js";
import { fixtures } from "./fixtures.js";
import { Reassembler, decodeFrame, readPublication, publicationsOf } from "./publication.js";
import { decodeDatagram, encodeDatagram } from "./wire.js";

const lifetimeIndex = process.argv.indexOf("--lifetime");
const lifetimeSeconds = lifetimeIndex > 0 ? Number(process.argv[lifetimeIndex + 1]) : 120;

/** How this peer reads each type id: the newest version of each contract it knows. */
const readable = new Map(
  [c.Ping, c.Everything, c.Settings, c.StatusV1, c.Grusse, c.Check, c.Request, c.Subscribe].map((k) => [k.id, k]),
);

const requests = new Map([
  [
    "status-newer",
    () => [
      c.StatusV3,
      {
        Code: 7,
        At: { X: 1, Y: 2, Z: 3 },
        Detail: "newer",
        Uptime: 9_000_000_000n,
        Tags: ["a", "b"],
        Extra: new Map([["k", [new Map([["n", 1]])]]]),
      },
    ],
  ],
  ["status-older", () => [c.StatusV1, { Code: 8, At: { X: 5 } }]],
  ["labeled-older", () => [c.LabeledV0, { Code: 9 }]],
  ["type-ids", () => [c.TypeIds, { Ids: new Map(c.hashedContracts.map((k) => [k.fullName, k.id])) }]],
]);

function answer(contract, value) {
  switch (contract) {
    case c.Ping:
      return [c.Pong, { Seq: value.Seq, SentAt: value.SentAt, Echo: value.Text, Runtime: `node ${process.version}` }];
    case c.Settings:
      return [c.Settings, { Volume: value.Volume + 1, Name: value.Name.toUpperCase() }];
    case c.Everything:
    case c.Grusse:
    case c.StatusV1:
      return [contract, value];
    case c.Check: {
      const expected = fixtures.get(value.Fixture);
      const difference =
        expected === undefined ? `no fixture named ${value.Fixture}` : mismatch(expected, value.Value, value.Fixture);
      return [c.Verdict, { Fixture: value.Fixture, Mismatch: difference }];
    }
    case c.Request: {
      if (fixtures.has(value.What)) return [c.Everything, fixtures.get(value.What)];
      const request = requests.get(value.What);
      if (request !== undefined) return request();
      throw new Error(`no such request: ${value.What}`);
    }
    default:
      throw new Error(`no answer for ${contract.name}`);
  }
}

const socket = dgram.createSocket("udp4");

/** Listens to a multicast group for `count` publications, each reported to `requester`, then leaves. */
function subscribe({ Group, Port, Count }, requester) {
  const listener = dgram.createSocket({ type: "udp4", reuseAddr: true });
  let left = Count;
  const reassembler = new Reassembler();
  listener.on("error", (error) => fail(`multicast ${Group}:${Port}: ${error.message}`, requester));
  listener.on("message", (msg) => {
    let heard;
    try {
      // A publication larger than a datagram comes in fragments: only the one completing it is answered. A batch
      // carries several, each answered.
      heard = publicationsOf(decodeFrame(msg), reassembler).map((publication) => {
        const { publisherId, sequence, typeId, contract, value } = readPublication(publication, readable);
        const mismatchText = contract === c.Everything ? mismatch(fixtures.get("typical"), value, "publication") : null;
        return { PublisherId: publisherId, Sequence: sequence, TypeId: typeId, Mismatch: mismatchText };
      });
    } catch (error) {
      fail(`publication on ${Group}:${Port}: ${error.message}`, requester);
      return;
    }
    for (const one of heard.slice(0, left)) {
      socket.send(encodeDatagram(c.Heard, one), requester.port, requester.address);
      if (--left === 0) listener.close();
    }
  });
  // Bound to the group, as a Linux MulticastBus binds, so that only this group's datagrams arrive; joined on 127.0.0.1.
  listener.bind(Port, Group, () => {
    listener.addMembership(Group, "127.0.0.1");
    socket.send(encodeDatagram(c.Subscribed, { Group, Port }), requester.port, requester.address);
  });
}

function fail(reason, rinfo) {
  process.stderr.write(`peer: ${reason}\n`);
  socket.send(encodeDatagram(c.Failure, { Reason: reason }), rinfo.port, rinfo.address);
}

socket.on("message", (msg, rinfo) => {
  let reply;
  try {
    const { typeId, contract, value } = decodeDatagram(msg, readable);
    if (contract === undefined) {
      fail(`no contract with type id ${typeId} (0x${typeId.toString(16)})`, rinfo);
      return;
    }
    if (contract === c.Subscribe) {
      subscribe(value, rinfo);
      return;
    }
    const [replyContract, replyValue] = answer(contract, value);
    reply = encodeDatagram(replyContract, replyValue);
  } catch (error) {
    fail(error.message, rinfo);
    return;
  }

  socket.send(reply, rinfo.port, rinfo.address, (error) => {
    if (error) process.stderr.write(`peer: send failed: ${error.message}\n`);
  });
});

socket.on("error", (error) => {
  process.stderr.write(`peer: socket error: ${error.message}\n`);
  process.exit(1);
});

socket.bind(0, "127.0.0.1", () => {
  process.stdout.write(`listening 127.0.0.1:${socket.address().port}\n`);
});

const stop = () => socket.close(() => process.exit(0));
setTimeout(stop, lifetimeSeconds * 1000);
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
