import type { Exchange } from './exchange.js';
import type { AwsTestCredential } from './bedrock/bedrock-sigv4.js';

/**
 * Wire format a simulator speaks (`bedrock`: Bedrock Runtime's InvokeModel for Claude; `gemini`:
 * the Gemini API; `vertex`: Vertex AI's Claude and Gemini publishers with Google's token endpoint).
 */
export type SimulatorFormat = 'anthropic' | 'openai' | 'bedrock' | 'gemini' | 'vertex';
export type { AwsTestCredential };

/** Options for {@link startSimulator}. */
export interface StartSimulatorOptions {
  format: SimulatorFormat;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port to bind; default 0 (ephemeral). */
  port?: number;
  /** Accepted API keys; omitted = any non-empty key is accepted. */
  keys?: string[];
  /** Reply rules, first match wins. */
  script?: ScriptRule[];
  /** Number of stream deltas the reply text is split into; default 8. */
  chunkCount?: number;
  /** Delay between stream events; default 0. */
  chunkDelayMs?: number;
  /** Models listed by GET /v1/models. */
  models?: string[];
  /** Unknown model -> the provider's real 404 body. */
  strictModels?: boolean;
  /** Label used in default replies. */
  name?: string;
  /** Oldest recorded requests are dropped past this many; default 10 000 (keeps long benchmarks bounded). */
  maxRecordedRequests?: number;
  /** How the simulated model answers a request to continue a cut answer; default `{ mode: 'exact' }`. */
  continuation?: ContinuationBehaviour;
  /** `vertex` only: the token endpoint (`POST /token`) and the projects callers may use. */
  google?: {
    /** `expires_in` of issued bearer tokens; default 3600. */
    tokenLifetimeSeconds?: number;
    /** Service account email → public key PEM; assertions signed otherwise are refused. Unset: any well-formed assertion. */
    serviceAccountKeys?: Record<string, string>;
    /** Projects a token may use; others get Vertex's 403. Unset: any. */
    projects?: string[];
  };
  /**
   * bedrock only: the region signatures must name (default us-east-1) and the credentials the
   * simulated account knows; without `credentials` any well-formed signature is accepted. With
   * `strictModels`, `models` are the model ids this account has access to. `apiKeys` are the
   * Bedrock API keys it knows (`Authorization: Bearer …`); without them no bearer key is accepted.
   */
  aws?: { region?: string; credentials?: AwsTestCredential[]; apiKeys?: string[] };
  /** A cloud's own paths and authentication in front of the format's handler (see simulators/azure). */
  front?: SimulatorFront;
}

/**
 * A cloud that serves a wire format under its own paths and authentication (Claude on Foundry,
 * Azure OpenAI): it answers what is its own (token endpoint, auth failures, unknown deployments)
 * and hands the rest to the format's handler, rewritten to the format's own path.
 */
export interface SimulatorFront {
  handle(exchange: Exchange, next: (exchange: Exchange) => Promise<void>): Promise<void>;
  /** The base URL its clients take, from the simulator's origin `http://host:port`. */
  baseUrl(origin: string): string;
}

/**
 * How a simulated model answers a request to continue a cut answer, whether prefilled (the
 * conversation ends with the partial assistant turn) or asked by instruction (the partial turn, then
 * a user message asking to continue from its last words), the way real models behave:
 * - `exact`: the rest of its scripted answer (after the last words an instruction asks it to repeat);
 * - `ignore-instruction`: ignores prefill and instruction alike and answers the whole question again;
 * - `prefill-rest`: a prefill gets only the rest; an instruction is ignored (the whole answer again);
 * - `reject-prefill`: a prefill is refused with a 400, as providers without prefill do; an instruction is ignored;
 * - `diverge`: a different answer altogether;
 * - `repeat-tail`: the last `repeatTailWords` words already written (default 5), then the rest.
 */
export type ContinuationMode = 'exact' | 'ignore-instruction' | 'prefill-rest' | 'reject-prefill' | 'diverge' | 'repeat-tail';

/** A continuation mode and its parameter. */
export interface ContinuationBehaviour {
  mode: ContinuationMode;
  /** `repeat-tail` only: how many words are repeated. Default 5. */
  repeatTailWords?: number;
}

/** A running simulator. */
export interface SimulatorHandle {
  /**
   * Base URL as the official SDK takes it: anthropic, bedrock, gemini and vertex `http://host:port`
   * (the vertex token endpoint is `/token`, its metadata server `/computeMetadata/v1/`), openai `http://host:port/v1`.
   */
  url: string;
  port: number;
  control: SimulatorControl;
  /** Closes the server and every open socket (stalled ones included). */
  close(): Promise<void>;
}

/** Runtime control of a simulator (also reachable over HTTP under `/_sim/`). */
export interface SimulatorControl {
  /** Queues a fault; each request takes the first matching one. */
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  setScript(rules: ScriptRule[]): void;
  /** Changes how continuations are answered (see {@link ContinuationMode}). */
  setContinuation(behaviour: ContinuationBehaviour): void;
  /** Every provider request received, in order (control requests excluded). */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Stops listening (clients get ECONNREFUSED) and drops open sockets. */
  refuseConnections(): Promise<void>;
  /** Listens again on the same port. */
  acceptConnections(): Promise<void>;
  /** bedrock only: replaces the credentials the account knows (mark one `expired` to expire its session). */
  setAwsCredentials(credentials: AwsTestCredential[]): void;
}

/** One request as the simulator received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Query string without the leading `?` ('' when none). */
  query: string;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  receivedAt: number;
  /**
   * Set when the exchange ended: the status sent and whether the whole answer went out (`false`:
   * the client went away first, e.g. its process was killed), so tests can count answers a client
   * really received the chance to read, not just requests that arrived.
   */
  outcome?: { status: number; complete: boolean };
}

/** Conditions of a script rule; every given condition must hold. */
export interface ScriptMatch {
  /** Substring of the text of the last user message that has text (tool results excluded). */
  lastUserText?: string;
  /** Substring anywhere: system, messages, tool calls' inputs, tool results. */
  anyText?: string;
  /** Some tool result contains this substring. */
  toolResultContains?: string;
  lastMessageIsToolResult?: boolean;
  /** Exact model or a glob with `*`. */
  model?: string;
  /** Assistant messages already in the conversation >= this. */
  minTurns?: number;
}

/** A scripted tool call. */
export interface ScriptToolCall {
  name: string;
  input: Record<string, unknown>;
  id?: string;
}

/** What a script rule answers. */
export interface ScriptReply {
  text?: string;
  /** A thinking block (Anthropic, with a fake signature) or thought summary (Gemini, when asked for) before the text. */
  thinking?: string;
  /** Several = parallel calls. */
  toolCalls?: ScriptToolCall[];
  /** Override; default end_turn/stop or tool_use/tool_calls. */
  stopReason?: string;
}

/** A reply rule. */
export interface ScriptRule {
  match?: ScriptMatch;
  reply: ScriptReply;
  /** Rule used at most this many times (default unlimited). */
  times?: number;
}

/** Which requests a fault applies to. */
export interface FaultMatch {
  model?: string;
  key?: string;
  path?: string;
  stream?: boolean;
}

/** The failure an outage brings. */
export type FaultKind =
  | {
      kind: 'status';
      status: number;
      errorType?: string;
      errorCode?: string;
      /** `{{key}}` here and in header values is replaced by the API key the request carried (a provider that echoes keys). */
      message?: string;
      retryAfterSeconds?: number;
      headers?: Record<string, string>;
    }
  | { kind: 'reset-before-headers' }
  | { kind: 'reset-mid-stream'; afterEvents: number }
  | { kind: 'error-event'; afterEvents: number; errorType?: string; /** `{{key}}`: the request's API key. */ message?: string }
  | { kind: 'stall-before-first-byte'; ms?: number }
  | { kind: 'stall-mid-stream'; afterEvents: number; ms?: number }
  | { kind: 'slow-tokens'; delayMs: number }
  | { kind: 'malformed-sse'; afterEvents: number }
  | { kind: 'malformed-json' }
  /** One malformed event after `afterEvents` good ones, then the rest of the stream as if nothing happened. */
  | { kind: 'malformed-frame'; afterEvents: number }
  /**
   * Headers and the first `afterEvents` events (default 1: Anthropic's message_start, OpenAI's role
   * chunk) at once, then only keep-alives (Anthropic `ping` events, OpenAI SSE comments) every
   * `keepAliveMs` (default 1000) until `ms` have passed, then the answer: a model thinking silently.
   */
  | { kind: 'slow-first-token'; ms: number; afterEvents?: number; keepAliveMs?: number }
  /**
   * A 200 non-stream answer of `bytes` bytes (a JSON text field of filler), far more than any real
   * answer; `declareLength` sends its content-length, else it is chunked.
   */
  | { kind: 'huge-body'; bytes: number; declareLength?: boolean }
  /** An error status (non-stream and stream requests alike) whose JSON body is `bytes` bytes. */
  | { kind: 'huge-error-body'; status: number; bytes: number }
  /** After `afterEvents` frames, one text-delta event whose single data line is `bytes` bytes; then the rest. */
  | { kind: 'huge-sse-event'; afterEvents: number; bytes: number }
  /**
   * After `afterEvents` frames, a text delta every `intervalMs` and never a finish, until the client
   * goes away (a model that loops; a non-stream answer trickles filler the same way).
   */
  | { kind: 'endless-stream'; afterEvents: number; intervalMs: number };

/** A fault with how often and to what it applies. */
export type FaultSpec = FaultKind & {
  /** Requests it applies to (default 1). */
  times?: number;
  /** Applies to every matching request until cleared. */
  persistent?: boolean;
  match?: FaultMatch;
};
