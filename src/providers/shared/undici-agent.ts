import { createRequire } from 'node:module';
import type { Agent as UndiciAgent } from 'undici';

// undici's index loads fetch, WebSocket, EventSource, caches, mocks and proxies with it: about
// 9 MB of memory a gateway never uses (README "Performance"). Lifeline sends every upstream
// request through an Agent's `request()`, so only the Agent and the request API are loaded: the
// same two steps undici's index takes (its `Object.assign(Dispatcher.prototype, api)`). Same
// files, so a process that also loads the whole of undici (tests, the CLI) shares these classes.
const require = createRequire(import.meta.url);
const api = require('undici/lib/api/index.js') as object;
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
Object.assign(Dispatcher.prototype, api);

/** undici's `Agent`, with `request()`, without the rest of undici. */
export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
export type Agent = UndiciAgent;
