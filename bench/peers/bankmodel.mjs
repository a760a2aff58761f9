// The "bank" model shared by bank.mjs and devtools.mjs.
//
// State: { accounts: { [id]: { id, balance } } } built with combineReducers.
// Balances are integer cents. A transfer moves `amount` cents from one
// account to another, unconditionally (no overdraft check), producing new
// objects for the accounts slice and the two touched accounts only.

import { combineReducers, legacy_createStore } from 'redux';
import { mulberry32, SEED } from './common.mjs';

export const NUM_ACCOUNTS = 10_000;
export const START_BALANCE = 1_000_000;
export const TRANSFER = 'accounts.transfer';

// "acc-00042"
export function stringId(n) {
  return `acc-${String(n).padStart(5, '0')}`;
}

// Returns { initial, ids, rootReducer } for integer ids (stringIds false,
// keys 0..9999) or string ids ("acc-00000".."acc-09999").
export function makeBank(stringIds) {
  const ids = new Array(NUM_ACCOUNTS);
  const initial = {};
  for (let n = 0; n < NUM_ACCOUNTS; n++) {
    const id = stringIds ? stringId(n) : n;
    ids[n] = id;
    initial[id] = { id, balance: START_BALANCE };
  }

  function accounts(state = initial, action) {
    if (action.type !== TRANSFER) return state;
    const { from, to, amount } = action.payload;
    return {
      ...state,
      [from]: { ...state[from], balance: state[from].balance - amount },
      [to]: { ...state[to], balance: state[to].balance + amount },
    };
  }

  return { initial, ids, rootReducer: combineReducers({ accounts }) };
}

export function createBankStore(bank, enhancer) {
  return legacy_createStore(bank.rootReducer, enhancer);
}

// Deterministic transfer sequence. Per transfer, three PRNG draws:
//   from   = ids[r() % 10000]
//   to     = ids[t] with t = r() % 9999, t += 1 if t >= from index
//   amount = 1 + r() % 100
export function makeTransfers(bank, count, seed = SEED) {
  const r = mulberry32(seed);
  const n = bank.ids.length;
  const actions = new Array(count);
  for (let i = 0; i < count; i++) {
    const f = r() % n;
    let t = r() % (n - 1);
    if (t >= f) t++;
    const amount = 1 + (r() % 100);
    actions[i] = {
      type: TRANSFER,
      payload: { from: bank.ids[f], to: bank.ids[t], amount },
    };
  }
  return actions;
}

export function totalBalance(bank, accountsState) {
  let sum = 0;
  for (const id of bank.ids) sum += accountsState[id].balance;
  return sum;
}

export const EXPECTED_TOTAL = NUM_ACCOUNTS * START_BALANCE;
