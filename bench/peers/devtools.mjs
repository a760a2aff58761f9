// redux devtools: cost of @redux-devtools/instrument history on the bank
// store (10,000 accounts, integer ids).
//
//   node --expose-gc devtools.mjs     (--expose-gc optional, see common.mjs)
//
// Prints
//   redux devtools record: X µs/dispatch
//   redux devtools record overhead: X µs/dispatch
//   redux devtools memory: X B/entry
//   redux devtools toggle first of 10000: X ms
//   redux devtools jump: X µs
//
// Notes on @redux-devtools/instrument (lib/instrument.js):
//   - store.liftedStore is the history store; its state has
//     stagedActionIds ([0, 1, ..., n]), computedStates ([{ state }, ...],
//     one per staged action), currentStateIndex, skippedActionIds.
//   - Action id 0 is the '@@INIT' entry; the first dispatched app action
//     gets id 1, so ActionCreators.toggleAction(1) skips the first real
//     action and recomputes every later state from it.
//   - ActionCreators.jumpToState(index) takes an index into
//     computedStates (0..n) and only moves currentStateIndex.

import { ActionCreators, instrument } from '@redux-devtools/instrument';
import { US, fail, fullGc, heapUsed, median, mulberry32, report, timeNs } from './common.mjs';
import {
  EXPECTED_TOTAL,
  createBankStore,
  makeBank,
  makeTransfers,
  totalBalance,
} from './bankmodel.mjs';

const ENTRIES = 10_000;
const MAX_AGE = 20_000; // > ENTRIES + 1, so nothing is ever auto-committed
const WARMUP = 1_000;
const REPEATS = 3;
const JUMPS = 10_000;
const JUMP_WARMUP = 2_000;

const bank = makeBank(false);
const actions = makeTransfers(bank, ENTRIES);
const instrumented = () => instrument(undefined, { maxAge: MAX_AGE });

function checkMoney(label, accountsState) {
  const total = totalBalance(bank, accountsState);
  if (total !== EXPECTED_TOTAL) fail(`${label}: total balance ${total}, expected ${EXPECTED_TOTAL}`);
}

// ---- warm-up: every code path once, on throw-away stores -----------------
{
  const warmActions = makeTransfers(bank, WARMUP, 7);
  const plain = createBankStore(bank);
  for (const a of warmActions) plain.dispatch(a);
  const dev = createBankStore(bank, instrumented());
  for (const a of warmActions) dev.dispatch(a);
  const lifted = dev.liftedStore;
  lifted.dispatch(ActionCreators.toggleAction(1));
  lifted.dispatch(ActionCreators.toggleAction(1));
  const r = mulberry32(7);
  for (let i = 0; i < JUMP_WARMUP; i++) {
    lifted.dispatch(ActionCreators.jumpToState(r() % (WARMUP + 1)));
    dev.getState();
  }
  checkMoney('warm-up', dev.getState().accounts);
}

// ---- (a) baseline: the same 10,000 dispatches without instrument ----------
// Every timed phase is repeated REPEATS times on a fresh store; the median
// is reported.
const plainTimes = [];
for (let rep = 0; rep < REPEATS; rep++) {
  const plain = createBankStore(bank);
  fullGc();
  plainTimes.push(timeNs(() => {
    for (let i = 0; i < ENTRIES; i++) plain.dispatch(actions[i]);
  }));
  checkMoney('plain', plain.getState().accounts);
}

// ---- (a) + (b) record 10,000 entries: time and retained heap ------------
// The last recorded store is kept for (c) and (d).
let store;
const recordTimes = [];
const entryBytes = [];
for (let rep = 0; rep < REPEATS; rep++) {
  store = undefined;
  fullGc();
  store = createBankStore(bank, instrumented());
  fullGc();
  const heapBefore = heapUsed();
  recordTimes.push(timeNs(() => {
    for (let i = 0; i < ENTRIES; i++) store.dispatch(actions[i]);
  }));
  fullGc();
  entryBytes.push((heapUsed() - heapBefore) / ENTRIES);

  const ls = store.liftedStore.getState();
  if (ls.stagedActionIds.length !== ENTRIES + 1 || ls.computedStates.length !== ENTRIES + 1) {
    fail(`record: ${ls.stagedActionIds.length} staged / ${ls.computedStates.length} computed, expected ${ENTRIES + 1}`);
  }
  if (ls.currentStateIndex !== ENTRIES) fail(`record: currentStateIndex ${ls.currentStateIndex}`);
  checkMoney('record', store.getState().accounts);
}
const lifted = store.liftedStore;
const plainNs = median(plainTimes);
const recordNs = median(recordTimes);

report('redux devtools record', recordNs / ENTRIES / 1e3, `${US}/dispatch`);
report('redux devtools record overhead', (recordNs - plainNs) / ENTRIES / 1e3, `${US}/dispatch`);
report('redux devtools memory', median(entryBytes), 'B/entry');

// ---- (c) toggle (skip) the first recorded action -------------------------
{
  const first = actions[0].payload;
  const unskipped = store.getState().accounts;
  const times = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    fullGc();
    times.push(timeNs(() => lifted.dispatch(ActionCreators.toggleAction(1))));

    // Skipping transfer #1 must leave every later transfer in place: only
    // its two accounts differ from the unskipped history, by its amount.
    const skipped = store.getState().accounts;
    const ls = lifted.getState();
    if (ls.skippedActionIds.length !== 1 || ls.skippedActionIds[0] !== 1) fail('toggle: action 1 not skipped');
    if (skipped[first.from].balance !== unskipped[first.from].balance + first.amount ||
        skipped[first.to].balance !== unskipped[first.to].balance - first.amount) {
      fail('toggle: skipped history does not match');
    }
    checkMoney('toggle', skipped);

    // Un-skip again (not timed) so the next repeat starts from the same point.
    lifted.dispatch(ActionCreators.toggleAction(1));
    if (lifted.getState().skippedActionIds.length !== 0 ||
        store.getState().accounts[first.from].balance !== unskipped[first.from].balance) {
      fail('toggle: un-skip did not restore the history');
    }
  }
  report(`redux devtools toggle first of ${ENTRIES}`, median(times) / 1e6, 'ms');
}

// ---- (d) jump to random states -------------------------------------------
{
  const r = mulberry32(); // seed 42
  const targets = new Int32Array(JUMPS);
  for (let i = 0; i < JUMPS; i++) targets[i] = r() % (ENTRIES + 1);
  const computed = lifted.getState().computedStates;

  for (let i = 0; i < JUMP_WARMUP; i++) {
    lifted.dispatch(ActionCreators.jumpToState(targets[i % JUMPS]));
    store.getState();
  }
  fullGc();
  let last;
  const ns = timeNs(() => {
    for (let i = 0; i < JUMPS; i++) {
      lifted.dispatch(ActionCreators.jumpToState(targets[i]));
      last = store.getState();
    }
  });
  if (last !== computed[targets[JUMPS - 1]].state) fail('jump: wrong state after last jump');
  report('redux devtools jump', ns / JUMPS / 1e3, US);
}
