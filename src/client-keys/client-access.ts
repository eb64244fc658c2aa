import type { IncomingHttpHeaders } from 'node:http';
import { ClientKeyRefusedError } from '../errors/index.js';
import { compileGlob } from '../routing/glob.js';
import type { ClientKeyRecord } from '../store/store.js';
import type { ClientKeyCache } from './client-key-cache.js';
import { CLIENT_KEY_PREFIX, hashClientKey, sameHash } from './client-key-text.js';
import { msUntilNextUtcDay, utcDay } from './parse-duration.js';
import type { UsageCounters } from './usage-counters.js';

/** A request's verified client key: what the rest of the request may know of it (no key text). */
export interface VerifiedClientKey {
  name: string;
  prefix: string;
  /** The key's requests are deferred when every target fails, as with `x-lifeline-defer: true`. */
  defer?: boolean;
  /** Throws 403 when the key may not use `model`, 429 when its token budget for today is spent. */
  authorizeModel(model: string): void;
}

/** The client-key check at the door, for the model endpoints. */
export interface ClientAccess {
  /** Whether a key is required right now (see {@link ClientAccessOptions.required}). */
  required(): boolean;
  /**
   * The verified key of a request to `pathname`, `undefined` when the path needs none or no key
   * is required (and none was sent); throws {@link ClientKeyRefusedError} (401, 429) otherwise.
   */
  admit(pathname: string, headers: IncomingHttpHeaders): VerifiedClientKey | undefined;
}

/** Options for {@link createClientAccess}. */
export interface ClientAccessOptions {
  cache: ClientKeyCache;
  counters: UsageCounters;
  /**
   * `server.require_client_key` as configured; undefined means the default: required when the
   * server listens beyond loopback (`exposed`) or once any client key exists.
   */
  required: boolean | undefined;
  exposed: boolean;
}

/** Paths that spend provider tokens or list what can be spent: everything a client SDK calls, and deferred jobs' results. */
export function isModelApiPath(pathname: string): boolean {
  return pathname.startsWith('/lifeline/jobs/') || pathname === '/v1' || pathname.startsWith('/v1/') || pathname.startsWith('/chat/completions') || pathname === '/responses' || pathname.startsWith('/responses/') || pathname === '/models' || pathname.startsWith('/models/');
}

/**
 * The key a client sent where its SDK puts a provider key: `x-api-key` (Anthropic SDK, Claude
 * Code with ANTHROPIC_API_KEY) or `Authorization: Bearer` (OpenAI SDK, Claude Code with
 * ANTHROPIC_AUTH_TOKEN). When both are sent, the one shaped like a Lifeline key wins.
 */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'].trim() : undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  const candidates = [apiKey, bearer].filter((value): value is string => value !== undefined && value !== '');
  return candidates.find((value) => value.startsWith(CLIENT_KEY_PREFIX)) ?? candidates[0];
}

const HOW_TO_SEND = 'send your Lifeline client key as `x-api-key` or `Authorization: Bearer` (an administrator creates one with `lifeline keys create`)';

/**
 * Checks client keys before routing: present, known, not revoked, not expired, within its
 * requests per minute and today's tokens, and allowed the requested model's route. Everything it
 * reads is in memory (the key cache and the counters), so the door never waits on the store.
 * Messages name a key by its name and prefix only.
 * @example
 * const access = createClientAccess({ cache, counters, required: config.server.requireClientKey, exposed: bindExposure(host).exposed });
 */
export function createClientAccess(options: ClientAccessOptions): ClientAccess {
  const { cache, counters } = options;
  const routeMatchers = new Map<string, RegExp[]>();
  const required = () => options.required ?? (options.exposed || cache.count > 0);

  function matchersOf(record: ClientKeyRecord): RegExp[] {
    let matchers = routeMatchers.get(record.name);
    if (matchers === undefined) {
      matchers = record.routes.map(compileGlob);
      if (routeMatchers.size > 10_000) routeMatchers.clear();
      routeMatchers.set(record.name, matchers);
    }
    return matchers;
  }

  function verify(text: string): ClientKeyRecord {
    const hash = hashClientKey(text);
    const record = cache.byHash(hash);
    // The map lookup found the candidate; the comparison that decides is constant-time.
    if (record === undefined || !sameHash(record.hash, hash)) throw new ClientKeyRefusedError('invalid', `Invalid client key: ${HOW_TO_SEND}.`);
    const now = cache.now();
    if (record.revokedAt !== undefined) throw new ClientKeyRefusedError('invalid', `The client key "${record.name}" (${record.prefix}…) was revoked.`);
    if (record.expiresAt !== undefined && record.expiresAt <= now) {
      throw new ClientKeyRefusedError('invalid', `The client key "${record.name}" (${record.prefix}…) expired at ${new Date(record.expiresAt).toISOString()}.`);
    }
    return record;
  }

  function checkTokens(record: ClientKeyRecord): void {
    if (record.tokensPerDay === undefined) return;
    const now = cache.now();
    const spent = counters.tokensSpent(record.name, utcDay(now));
    if (spent >= record.tokensPerDay) {
      throw new ClientKeyRefusedError(
        'token_budget_spent',
        `The client key "${record.name}" (${record.prefix}…) has used its ${record.tokensPerDay} tokens for today (UTC); it can be used again at 00:00 UTC.`,
        { retryAfterMs: msUntilNextUtcDay(now) },
      );
    }
  }

  return {
    required,
    admit(pathname, headers) {
      if (!isModelApiPath(pathname)) return undefined;
      const text = presentedKey(headers);
      let record: ClientKeyRecord;
      if (required()) {
        if (text === undefined) throw new ClientKeyRefusedError('missing', `This Lifeline requires a client key: ${HOW_TO_SEND}.`);
        record = verify(text);
      } else {
        // An open door still counts a valid key's usage and limits; anything else (Claude Code's
        // placeholder, a provider key) passes as before. With no key at all there is nothing to
        // find, and the hash (a SHA-256 per request) is skipped.
        const known = text === undefined || cache.count === 0 ? undefined : cache.byHash(hashClientKey(text));
        if (known === undefined || known.revokedAt !== undefined || (known.expiresAt !== undefined && known.expiresAt <= cache.now())) return undefined;
        record = known;
      }
      if (record.rpm !== undefined) {
        const decision = counters.takeRequest(record.name, record.rpm, cache.now());
        if (!decision.allowed) {
          throw new ClientKeyRefusedError('rate_limited', `The client key "${record.name}" (${record.prefix}…) is over its limit of ${record.rpm} requests per minute.`, {
            retryAfterMs: decision.retryAfterMs,
          });
        }
      }
      checkTokens(record);
      return {
        name: record.name,
        prefix: record.prefix,
        ...(record.defer === true ? { defer: true } : {}),
        authorizeModel(model) {
          const matchers = matchersOf(record);
          if (matchers.length > 0 && !matchers.some((matcher) => matcher.test(model))) {
            throw new ClientKeyRefusedError('route_not_allowed', `The client key "${record.name}" (${record.prefix}…) may not use the model "${model.slice(0, 200)}"; it may use ${record.routes.join(', ')}.`);
          }
        },
      };
    },
  };
}
