import { z } from 'zod';

/** Defaults of the front-door keys of the `server:` block (README "Operations → Limits"). */
export const FRONT_DOOR_DEFAULTS = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 60_000,
  bodyIdleTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 512,
  maxHeaderBytes: 16 * 1024,
  /**
   * `server.max_json_depth`: a Claude Code request nests 11 levels deep and real tool schemas a few
   * dozen at most, so 128 leaves ten times that; Lifeline's own recursive steps (serialising the
   * upstream body, schema conversions) stay far from the stack's limit, which thousands of levels
   * reach.
   */
  maxJsonDepth: 128,
} as const;

const positiveMs = (fallback: number) => z.number().int().positive().default(fallback);

/** `http://localhost:5173`: what a browser sends in `Origin`, normalised (lower case, no default port). */
const originSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/i, { error: 'expected an origin such as http://localhost:5173 (scheme and host, no path)' })
  .transform((value) => new URL(value).origin);

/** `lifeline.internal` or `*.example.com`: a host name without port. */
const hostNameSchema = z
  .string()
  .regex(/^(\*\.)?[A-Za-z0-9.-]+$/, { error: 'expected a host name such as lifeline.internal or *.example.com (no scheme, no port)' })
  .transform((value) => value.toLowerCase());

/**
 * The front-door keys of the `server:` block, spread into its schema: who may call (browser
 * origins, Host names) and how long and how many connections may be held.
 */
export const frontDoorConfigShape = {
  /** Browser origins allowed to call the model and admin endpoints (the OpenAI SDK in a browser sends one). */
  allowed_origins: z.array(originSchema).default([]),
  /** Host names accepted besides loopback names, IP addresses, the bound host and `status.public_url`'s host. */
  allowed_hosts: z.array(hostNameSchema).default([]),
  /** All request headers must arrive within this. */
  headers_timeout_ms: positiveMs(FRONT_DOOR_DEFAULTS.headersTimeoutMs),
  /** The whole request body must arrive within this once the handler starts reading it. */
  body_timeout_ms: positiveMs(FRONT_DOOR_DEFAULTS.bodyTimeoutMs),
  /** Longest silence between two parts of a request body. */
  body_idle_timeout_ms: positiveMs(FRONT_DOOR_DEFAULTS.bodyIdleTimeoutMs),
  /** An idle keep-alive connection is closed after this. */
  keep_alive_timeout_ms: positiveMs(FRONT_DOOR_DEFAULTS.keepAliveTimeoutMs),
  /** Open client connections at most; more are refused with 503. */
  max_connections: z.number().int().positive().default(FRONT_DOOR_DEFAULTS.maxConnections),
  /** Largest request head (request line and headers); larger gets 431. */
  max_header_bytes: z.number().int().min(1024).default(FRONT_DOOR_DEFAULTS.maxHeaderBytes),
  /** Deepest nesting of objects and arrays accepted in a request body; deeper gets 400 before parsing. */
  max_json_depth: z.number().int().positive().max(10_000).default(FRONT_DOOR_DEFAULTS.maxJsonDepth),
  /**
   * Model endpoints need a Lifeline client key. Unset: required when `host` is not loopback or
   * once any client key exists (README "Production → Client keys").
   */
  require_client_key: z.boolean().optional(),
};

type FrontDoorFile = z.output<z.ZodObject<typeof frontDoorConfigShape>>;

/** The front-door settings Lifeline runs with (camelCase, part of `ResolvedConfig.server`). */
export interface FrontDoorSettings {
  allowedOrigins: string[];
  allowedHosts: string[];
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  maxHeaderBytes: number;
  maxJsonDepth: number;
  /** `server.require_client_key` as written; undefined means the default (see the schema). */
  requireClientKey?: boolean;
}

/** The `server:` block's front-door keys as settings. */
export function resolveFrontDoor(file: FrontDoorFile): FrontDoorSettings {
  return {
    allowedOrigins: file.allowed_origins,
    allowedHosts: file.allowed_hosts,
    headersTimeoutMs: file.headers_timeout_ms,
    bodyTimeoutMs: file.body_timeout_ms,
    bodyIdleTimeoutMs: file.body_idle_timeout_ms,
    keepAliveTimeoutMs: file.keep_alive_timeout_ms,
    maxConnections: file.max_connections,
    maxHeaderBytes: file.max_header_bytes,
    maxJsonDepth: file.max_json_depth,
    ...(file.require_client_key !== undefined ? { requireClientKey: file.require_client_key } : {}),
  };
}
