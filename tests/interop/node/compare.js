// Deep comparison of domain values (wire.js), naming the first difference: how this peer answers a Check.
import { Timestamp } from "./time.js";

const show = (value) =>
  typeof value === "bigint" ? `${value}n` : value instanceof Uint8Array ? `bytes(${value.length})` : String(value);

/** Returns null when `actual` equals `expected`, else where and how they differ. */
export function mismatch(expected, actual, path) {
  if (expected === null || actual === null || typeof expected !== "object" || typeof actual !== "object") {
    // Object.is: NaN equals NaN, and the types must agree (1 is not 1n).
    return Object.is(expected, actual) ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }

  if (expected instanceof Timestamp) {
    return actual instanceof Timestamp && expected.sec === actual.sec && expected.nsec === actual.nsec
      ? null
      : `${path}: expected ${expected}, got ${actual}`;
  }

  if (expected instanceof Uint8Array) {
    const same =
      actual instanceof Uint8Array && actual.length === expected.length && expected.every((b, i) => b === actual[i]);
    return same ? null : `${path}: expected ${show(expected)} [${expected.slice(0, 8)}...], got ${show(actual)}`;
  }

  if (expected instanceof Map) {
    if (!(actual instanceof Map) || actual.size !== expected.size) {
      return `${path}: expected a map of ${expected.size}, got ${actual instanceof Map ? actual.size : show(actual)}`;
    }
    for (const [key, value] of expected) {
      if (!actual.has(key)) return `${path}: missing key ${show(key)}`;
      const difference = mismatch(value, actual.get(key), `${path}[${show(key)}]`);
      if (difference !== null) return difference;
    }
    return null;
  }

  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${path}: expected ${expected.length} elements, got ${Array.isArray(actual) ? actual.length : show(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const difference = mismatch(expected[i], actual[i], `${path}[${i}]`);
      if (difference !== null) return difference;
    }
    return null;
  }

  for (const key of Object.keys(expected)) {
    const difference = mismatch(expected[key], actual[key], `${path}.${key}`);
    if (difference !== null) return difference;
  }
  return null;
}
