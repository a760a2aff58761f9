// redux bank: immutable updates of a 10,000-entry keyed slice.
//
//   node --expose-gc bank.mjs     (--expose-gc optional, see common.mjs)
//
// Prints
//   redux bank transfer int ids: X ns/op
//   redux bank transfer string ids: X ns/op
//   redux bank keep states int ids: X B/state

import { fail, fullGc, heapUsed, report, timeNs } from './common.mjs';
import {
  EXPECTED_TOTAL,
  createBankStore,
  makeBank,
  makeTransfers,
  totalBalance,
} from './bankmodel.mjs';

const INT_OPS = 100_000;
const INT_WARMUP = 5_000;
const STRING_OPS = 1_000;
const STRING_WARMUP = 50;
const KEEP_STATES = 2_000;

function checkMoney(label, bank, store) {
  const total = totalBalance(bank, store.getState().accounts);
  if (total !== EXPECTED_TOTAL) {
    fail(`${label}: total balance ${total}, expected ${EXPECTED_TOTAL}`);
  }
}

// Warm-up on a throw-away store, then a fresh store does `ops` transfers
// from the seed-42 sequence (actions built before the clock starts).
function transferBench(name, stringIds, ops, warmup) {
  const bank = makeBank(stringIds);

  const warm = createBankStore(bank);
  for (const a of makeTransfers(bank, warmup)) warm.dispatch(a);
  checkMoney(`${name} (warm-up)`, bank, warm);

  const store = createBankStore(bank);
  const actions = makeTransfers(bank, ops);
  const dispatch = store.dispatch;
  fullGc();
  const ns = timeNs(() => {
    for (let i = 0; i < ops; i++) dispatch(actions[i]);
  });
  checkMoney(name, bank, store);
  report(name, ns / ops, 'ns/op');
}

// Every one of KEEP_STATES successive states stays reachable; the figure
// is the retained heap growth per state.
function keepStatesBench(name) {
  const bank = makeBank(false);
  const store = createBankStore(bank);
  const actions = makeTransfers(bank, KEEP_STATES);
  const states = new Array(KEEP_STATES).fill(null);

  fullGc();
  const before = heapUsed();
  for (let i = 0; i < KEEP_STATES; i++) {
    store.dispatch(actions[i]);
    states[i] = store.getState();
  }
  fullGc();
  const after = heapUsed();

  // Sanity: the states really are distinct and all still conserve money.
  if (states[0] === states[KEEP_STATES - 1] || states[0].accounts === states[1].accounts) {
    fail(`${name}: states were not kept`);
  }
  for (const i of [0, KEEP_STATES >> 1, KEEP_STATES - 1]) {
    const total = totalBalance(bank, states[i].accounts);
    if (total !== EXPECTED_TOTAL) fail(`${name}: state ${i} total ${total}`);
  }
  report(name, (after - before) / KEEP_STATES, 'B/state');
}

transferBench('redux bank transfer int ids', false, INT_OPS, INT_WARMUP);
transferBench('redux bank transfer string ids', true, STRING_OPS, STRING_WARMUP);
keepStatesBench('redux bank keep states int ids');
