// redux counter: dispatch throughput of the smallest possible store.
//
//   node counter.mjs
//
// Prints
//   redux counter: X ns/op
//   redux counter 3 middleware: X ns/op

import { applyMiddleware, legacy_createStore } from 'redux';
import { fail, report, timeNs } from './common.mjs';

const WARMUP = 500_000;
const DISPATCHES = 10_000_000;
const INCREMENT = 'counter.increment';

const counter = (state = 0, action) => (action.type === INCREMENT ? state + 1 : state);

const passThrough = (store) => (next) => (action) => next(action);

function run(name, enhancer) {
  const store = legacy_createStore(counter, enhancer);
  let notified = 0;
  store.subscribe(() => {
    notified++;
  });
  const action = { type: INCREMENT };
  const dispatch = store.dispatch;

  for (let i = 0; i < WARMUP; i++) dispatch(action);

  const ns = timeNs(() => {
    for (let i = 0; i < DISPATCHES; i++) dispatch(action);
  });

  const expected = WARMUP + DISPATCHES;
  if (store.getState() !== expected) {
    fail(`${name}: final state ${store.getState()}, expected ${expected}`);
  }
  if (notified !== expected) {
    fail(`${name}: listener ran ${notified} times, expected ${expected}`);
  }
  report(name, ns / DISPATCHES, 'ns/op');
}

run('redux counter', undefined);
run('redux counter 3 middleware', applyMiddleware(passThrough, passThrough, passThrough));
