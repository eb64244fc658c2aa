import { randomBytes } from 'node:crypto';
import { Redis, type ChainableCommander } from 'ioredis';
import { z } from 'zod';
import { TypedEmitter } from '../core/typed-event.js';
import { redactSecrets } from '../secrets/redact-secrets.js';
import { CountLedger } from './count-ledger.js';
import { Membership } from './membership.js';
import { addPendingCount, RegisterBook } from './register-book.js';
import type { BroadcastMessage, CountChange, RegisterChange, SharedState, SharedStateStatus } from './shared-state.js';

/** Options of {@link createRedisSharedState}. */
export interface RedisSharedStateOptions {
  /** `redis://[:password@]host:port[/db]`. */
  url: string;
  /** Prefix of every key and of the channel (`state.redis_prefix`, default `lifeline:`). */
  prefix: string;
  /** How long a register outlives its last change in Redis. Default 24 h. */
  registerTtlMs?: number;
  /** Counters are batched this long before they are sent. Default 50 ms. */
  countFlushMs?: number;
}

const registerSchema = z.object({ name: z.string().min(1), value: z.unknown(), at: z.number(), origin: z.string() });
const storedRegisterSchema = registerSchema.omit({ name: true });
const countSchema = z.object({ family: z.string(), bucket: z.string(), name: z.string(), amount: z.number().int(), ttlMs: z.number().int().positive() });
const broadcastSchema = z.object({ topic: z.string(), payload: z.unknown() });
const messageSchema = z.object({ origin: z.string(), registers: z.array(registerSchema), counts: z.array(countSchema), broadcasts: z.array(broadcastSchema).default([]) });
/** Broadcasts held for the next batch at most (a burst beyond this is dropped: they are live news only). */
const MAX_PENDING_BROADCASTS = 5_000;

// Last writer by `at` wins, ties by origin, so concurrent writes settle the same way everywhere.
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded) == 'table' and decoded.at ~= nil then
    local at = tonumber(ARGV[2])
    if decoded.at > at or (decoded.at == at and tostring(decoded.origin) >= ARGV[3]) then return 0 end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
return 1`;

type RedisWithSetIfNewer = Redis & { setIfNewer(key: string, value: string, at: number, origin: string, ttlMs: number): Promise<number> };
type PipelineWithSetIfNewer = ChainableCommander & { setIfNewer(key: string, value: string, at: number, origin: string, ttlMs: number): ChainableCommander };

/**
 * Shared state in Redis. Every change is applied by the caller first; here it is only queued, and
 * written in the background (registers at once, counts in short batches) with one `PUBLISH` that
 * tells the other instances. Registers also live in Redis (`<prefix>reg:<name>`) and counters in
 * hashes (`<prefix>count:<family>:<bucket>`), so an instance that joins later, or rejoins after
 * Redis was out, reads the current state instead of waiting for the next change.
 *
 * When Redis is out of reach the instance keeps deciding alone (`mode: local`): changes wait in
 * memory (only the newest per register, counts summed), and on reconnection they are written,
 * newer-wins, and the fleet's state is read back.
 */
export function createRedisSharedState(options: RedisSharedStateOptions): SharedState {
  const instanceId = randomBytes(6).toString('hex');
  const channel = `${options.prefix}changes`;
  const registerPrefix = `${options.prefix}reg:`;
  const countPrefix = `${options.prefix}count:`;
  const registerTtlMs = options.registerTtlMs ?? 24 * 60 * 60 * 1000;
  const countFlushMs = options.countFlushMs ?? 50;
  const connection = {
    lazyConnect: true,
    // A command while disconnected fails at once (the change stays pending) instead of queueing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    autoResubscribe: false,
    retryStrategy: (times: number) => Math.min(100 * times, 1_000),
  };
  const client = new Redis(options.url, connection) as RedisWithSetIfNewer;
  client.defineCommand('setIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER });
  const subscriber = new Redis(options.url, connection);

  const registerEmitter = new TypedEmitter<RegisterChange>();
  const countEmitter = new TypedEmitter<CountChange>();
  const broadcastEmitter = new TypedEmitter<BroadcastMessage>();
  let pendingBroadcasts: BroadcastMessage[] = [];
  /** The newest value of every register this instance knows, its own and others'. */
  const registers = new RegisterBook();
  const pendingRegisters = new Map<string, RegisterChange>();
  const pendingCounts = new Map<string, CountChange>();
  const ledger = new CountLedger();
  const membership = new Membership('redis', () => pendingRegisters.size + pendingCounts.size);
  const setMode = (next: SharedStateStatus['mode'], why?: string) => membership.set(next, why);
  let closed = false;
  let flushTimer: NodeJS.Timeout | undefined;
  let joining: Promise<void> | undefined;
  const goLocal = (error: unknown) => {
    if (closed) return;
    const message = error instanceof Error ? error.message : String(error);
    setMode('local', redactSecrets(`Redis unreachable (${message.slice(0, 200)}); routing state is this instance's own until it returns`));
  };

  const hearRegister = (change: RegisterChange) => {
    if (registers.remember(change)) registerEmitter.emit(change);
  };
  const hearCount = (change: CountChange) => {
    ledger.heard(change);
    countEmitter.emit(change);
  };

  const scheduleFlush = (delayMs: number) => {
    if (membership.mode !== 'shared' || closed) return;
    if (delayMs === 0) {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      // Sent now, in this tick: the commands reach the socket without waiting for the rest of a
      // busy event loop (a breaker opening is news every instance needs within the second).
      void flush();
    } else if (!flushTimer) {
      flushTimer = setTimeout(() => {
        flushTimer = undefined;
        void flush();
      }, delayMs);
      flushTimer.unref();
    }
  };

  /** Writes what is pending; what fails stays pending for the next connection. False when it failed. */
  function flush(): Promise<boolean> {
    if (pendingRegisters.size + pendingCounts.size === 0 && (pendingBroadcasts.length === 0 || membership.mode !== 'shared')) return Promise.resolve(true);
    const sentRegisters = [...pendingRegisters.values()];
    const sentCounts = [...pendingCounts.values()];
    const broadcasts = pendingBroadcasts;
    pendingBroadcasts = [];
    pendingRegisters.clear();
    pendingCounts.clear();
    // The news goes first, on its own: a pipeline holding a script may wait a round trip for
    // `SCRIPT EXISTS` before it sends anything, and the other instances apply the message itself.
    const published = client.publish(channel, JSON.stringify({ origin: instanceId, registers: sentRegisters, counts: sentCounts, broadcasts }));
    const pipeline = client.pipeline() as PipelineWithSetIfNewer;
    for (const change of sentRegisters) {
      pipeline.setIfNewer(`${registerPrefix}${change.name}`, JSON.stringify({ value: change.value, at: change.at, origin: change.origin }), change.at, change.origin, registerTtlMs);
    }
    for (const change of sentCounts) {
      const key = `${countPrefix}${change.family}:${change.bucket}`;
      pipeline.hincrby(key, change.name, change.amount);
      pipeline.pexpire(key, change.ttlMs);
    }
    // Pipelines are not serialised: one connection keeps them in order, and a register's write
    // only lands when newer, so a second flush need not wait for the first's round trip.
    return Promise.all([published, pipeline.exec()])
      .then(([, results]) => {
        const failed = results?.find(([error]) => error !== null)?.[0];
        if (failed) throw failed;
        for (const change of sentCounts) ledger.sent(change);
        return true;
      })
      .catch((error: unknown) => {
        for (const change of sentRegisters) if (!pendingRegisters.has(change.name)) pendingRegisters.set(change.name, change);
        for (const change of sentCounts) addPending(change);
        goLocal(error);
        return false;
      });
  }

  const addPending = (change: CountChange) => addPendingCount(pendingCounts, change);

  /** On every (re)connection: write what waited (newer wins), then read what the fleet holds. */
  async function join(): Promise<void> {
    for (const change of registers.values()) if (change.origin === instanceId && !pendingRegisters.has(change.name)) pendingRegisters.set(change.name, change);
    if (!(await flush())) return;
    const registerKeys = await scanKeys(`${registerPrefix}*`);
    for (let index = 0; index < registerKeys.length; index += 500) {
      const batch = registerKeys.slice(index, index + 500);
      const values = await client.mget(...batch);
      batch.forEach((key, position) => {
        const stored = parseJson(values[position]);
        const parsed = storedRegisterSchema.safeParse(stored);
        if (parsed.success) hearRegister({ name: key.slice(registerPrefix.length), value: parsed.data.value, at: parsed.data.at, origin: parsed.data.origin, joined: true });
      });
    }
    for (const key of await scanKeys(`${countPrefix}*`)) {
      const rest = key.slice(countPrefix.length);
      const split = rest.lastIndexOf(':');
      if (split <= 0) continue;
      const [family, bucket] = [rest.slice(0, split), rest.slice(split + 1)];
      const [fields, ttlMs] = await Promise.all([client.hgetall(key), client.pttl(key)]);
      for (const [name, total] of Object.entries(fields)) {
        const missing = ledger.missingFrom({ family, bucket, name }, Number(total));
        if (missing > 0) hearCount({ family, bucket, name, amount: missing, ttlMs: ttlMs > 0 ? ttlMs : 60_000 });
      }
    }
    setMode('shared');
    membership.joined();
    scheduleFlush(0);
  }

  async function scanKeys(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  }

  const startJoin = () => {
    if (closed || joining || client.status !== 'ready' || subscriber.status !== 'ready') return;
    joining = (async () => {
      try {
        await subscriber.subscribe(channel);
        await join();
      } catch (error) {
        goLocal(error);
      } finally {
        joining = undefined;
      }
    })();
  };

  subscriber.on('message', (received: string, text: string) => {
    if (received !== channel) return;
    const parsed = messageSchema.safeParse(parseJson(text));
    if (!parsed.success || parsed.data.origin === instanceId) return;
    for (const change of parsed.data.registers) hearRegister(change);
    for (const change of parsed.data.counts) hearCount(change);
    for (const message of parsed.data.broadcasts) broadcastEmitter.emit(message);
  });
  for (const connectionOf of [client, subscriber]) {
    connectionOf.on('ready', startJoin);
    connectionOf.on('error', (error: Error) => goLocal(error));
    connectionOf.on('close', () => goLocal(new Error('connection closed')));
  }
  client.connect().catch(goLocal);
  subscriber.connect().catch(goLocal);
  const pruneTimer = setInterval(() => ledger.prune(Date.now()), 30_000);
  pruneTimer.unref();

  return {
    kind: 'redis',
    instanceId,
    setRegister(name, value, at) {
      const change: RegisterChange = { name, value, at, origin: instanceId };
      registers.remember(change);
      pendingRegisters.set(name, change);
      scheduleFlush(0);
    },
    addCount(change) {
      addPending(change);
      scheduleFlush(countFlushMs);
    },
    broadcast(message) {
      if (membership.mode !== 'shared' || pendingBroadcasts.length >= MAX_PENDING_BROADCASTS) return;
      pendingBroadcasts.push(message);
      scheduleFlush(countFlushMs);
    },
    onBroadcast: broadcastEmitter.event,
    onRegister: registerEmitter.event,
    onCount: countEmitter.event,
    onStatus: membership.onStatus,
    status: () => membership.status(),
    ready: (timeoutMs) => membership.ready(timeoutMs),
    async close() {
      if (closed) return;
      // A last flush: a clean stop hands over what this instance decided last.
      if (membership.mode === 'shared') await flush();
      closed = true;
      clearInterval(pruneTimer);
      if (flushTimer) clearTimeout(flushTimer);
      await Promise.allSettled([client.quit(), subscriber.quit()]);
      client.disconnect();
      subscriber.disconnect();
    },
  };
}

function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
