// Points in time as the wire carries them (docs/wire-format.md section 3): MessagePack timestamps of whole seconds
// since 1970 plus nanoseconds. JavaScript's Date keeps only milliseconds, so it cannot hold .NET's 100 ns ticks.

/** DateTime's range in seconds since 1970: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (plus its fraction). */
export const MIN_SECONDS = -62_135_596_800;
export const MAX_SECONDS = 253_402_300_799;

/** The largest offset from UTC a DateTimeOffset can have, in minutes (14 hours). */
export const MAX_OFFSET_MINUTES = 14 * 60;

/** A MessagePack timestamp: whole seconds since 1970-01-01T00:00:00Z (may be negative) and 0..999,999,999 ns. */
export class Timestamp {
  constructor(sec, nsec) {
    this.sec = sec;
    this.nsec = nsec;
  }

  toString() {
    const whole = new Date(this.sec * 1000).toISOString().slice(0, 19);
    return `${whole}.${String(this.nsec).padStart(9, "0")}Z`;
  }
}

const isoPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

function parseIso(text) {
  const match = isoPattern.exec(text);
  if (match === null) {
    throw new Error(`not an ISO 8601 time with a zone: ${text}`);
  }

  const [, clock, fraction = "", zone] = match;
  return {
    clock: new Timestamp(Date.parse(clock + "Z") / 1000, Number(fraction.padEnd(9, "0"))),
    offsetMinutes: zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))),
  };
}

/** A DateTime (UTC) from ISO text such as "2026-01-02T03:04:05.1234567Z". */
export function utc(text) {
  const { clock, offsetMinutes } = parseIso(text);
  if (offsetMinutes !== 0) {
    throw new Error(`a DateTime is UTC: ${text}`);
  }

  return clock;
}

/**
 * A DateTimeOffset from ISO text such as "2026-01-02T03:04:05+05:30": the clock time as written (03:04:05, not the
 * instant in UTC) and the offset in minutes, the two elements the wire carries.
 */
export function offsetTime(text) {
  return parseIso(text);
}
