// Shared helpers for the Redux side of the rdx side-by-side benchmarks.
//
// Everything here is deliberately tiny and deterministic so the C
// benchmarks can reproduce the exact same work (see README.md).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Redux reads process.env.NODE_ENV at call time and runs extra
// development-only checks (e.g. the state-shape warning in
// combineReducers) unless it is "production". Benchmark the production
// code path, as a bundled application would run it.
if (process.env.NODE_ENV === undefined) process.env.NODE_ENV = 'production';

// ---------------------------------------------------------------------------
// PRNG: mulberry32, 32-bit state, returns uint32 values.
//
//   state += 0x6D2B79F5
//   t = state
//   t = (t ^ (t >>> 15)) * (t | 1)        (32-bit multiply)
//   t ^= t + (t ^ (t >>> 7)) * (t | 61)   (32-bit multiply and add)
//   return t ^ (t >>> 14)
//
// The first three outputs for seed 42 are 2581720956, 1925393290, 3661312704.
export const SEED = 42;

export function mulberry32(seed = SEED) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

// ---------------------------------------------------------------------------
// Timing.

export function now() {
  return process.hrtime.bigint();
}

// Runs fn() once and returns the elapsed wall-clock time in nanoseconds
// (as a Number).
export function timeNs(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  const t1 = process.hrtime.bigint();
  return Number(t1 - t0);
}

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// ---------------------------------------------------------------------------
// Garbage collection and heap size.
//
// Uses the global gc() from `node --expose-gc` when present; otherwise
// turns the flag on at run time so `node <file>.mjs` works too.

let gcFn = globalThis.gc;

export function fullGc() {
  if (typeof gcFn !== 'function') {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc');
  }
  // Twice: the first pass can leave objects that only die after weak
  // callbacks / finalizers have run.
  gcFn();
  gcFn();
}

export function heapUsed() {
  return process.memoryUsage().heapUsed;
}

// ---------------------------------------------------------------------------
// Output.

// Prints exactly one line "name: <value> <unit>". Byte figures (unit
// starting with "B") are printed as integers, everything else with one
// decimal.
export function report(name, value, unit) {
  const text = unit.startsWith('B') ? String(Math.round(value)) : value.toFixed(1);
  process.stdout.write(`${name}: ${text} ${unit}\n`);
}

export const US = '\u00b5s'; // "µs", MICRO SIGN + s

export function fail(message) {
  process.stderr.write(`${process.argv[1]}: FAILED: ${message}\n`);
  process.exit(1);
}
