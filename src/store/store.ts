import type { ComponentId, ComponentStatus } from '../health/health-types.js';

/** Statuspage incident statuses (including the postmortem stage). */
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'postmortem';
/** Statuspage impact levels. */
export type IncidentImpact = 'none' | 'minor' | 'major' | 'critical';

/** One entry of an incident's timeline. */
export interface IncidentUpdate {
  id: string;
  incidentId: string;
  status: IncidentStatus;
  /** Plain words; automatic updates say what was measured. */
  body: string;
  createdAt: number;
  /** True when Lifeline wrote it; false for an admin's update. */
  automatic: boolean;
  /** Component statuses at the time of the update (Statuspage `affected_components`). */
  affectedComponents?: Array<{ id: ComponentId; status: ComponentStatus }>;
}

export interface Incident {
  id: string;
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  componentIds: ComponentId[];
  createdAt: number;
  updatedAt: number;
  /** Set when the incident reached `resolved`. */
  resolvedAt?: number;
  /** True when Lifeline opened it by itself. */
  automatic: boolean;
  postmortem?: string;
  /** Oldest first. */
  updates: IncidentUpdate[];
}

/** A new incident; the first update is written with it. */
export interface NewIncident {
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  componentIds: ComponentId[];
  automatic: boolean;
  body: string;
  affectedComponents?: IncidentUpdate['affectedComponents'];
  at?: number;
  /**
   * Claims a key while the incident is open (e.g. `automatic:provider:anthropic`): at most one
   * unresolved incident holds a given key, so instances of a fleet opening the same incident at
   * once create one. Creating a second rejects with `ConflictError` (code `CONFLICT`); closing
   * (`resolved`, `postmortem`) releases the key.
   */
  openKey?: string;
}

/** A change to an incident, recorded as one timeline update. */
export interface IncidentChange {
  status: IncidentStatus;
  body: string;
  automatic: boolean;
  impact?: IncidentImpact;
  componentIds?: ComponentId[];
  affectedComponents?: IncidentUpdate['affectedComponents'];
  postmortem?: string;
  title?: string;
  at?: number;
}

export interface IncidentRepository {
  create(incident: NewIncident): Promise<Incident>;
  /**
   * Appends an update and applies the change; resolving sets `resolvedAt`. Throws if unknown.
   * Rules (shared by backends in `incident-change.ts`): undefined fields are kept; the first
   * `resolved`/`postmortem` sets `resolvedAt`, an open status clears it (re-open); an unknown id
   * rejects with `NotFoundError` (code `NOT_FOUND`). The timeline stays ordered by `createdAt`.
   */
  update(id: string, change: IncidentChange): Promise<Incident>;
  get(id: string): Promise<Incident | undefined>;
  /** Newest first (by `createdAt`); `since` keeps incidents with `createdAt >= since`. */
  list(options?: { limit?: number; since?: number }): Promise<Incident[]>;
  /** Not resolved (nor postmortem), newest first. */
  listUnresolved(): Promise<Incident[]>;
  /** The unresolved incident holding `openKey` (see {@link NewIncident.openKey}), if any. */
  findOpen(openKey: string): Promise<Incident | undefined>;
}

/** Per-minute, per-component aggregates: the source of uptime bars and latency charts (90 days). */
export interface Rollup {
  componentId: ComponentId;
  /** Epoch ms of the minute's start (multiple of 60 000). */
  minute: number;
  requests: number;
  failures: number;
  latencySumMs: number;
  latencyCount: number;
  ttftSumMs: number;
  ttftCount: number;
  probes: number;
  probeFailures: number;
  /** Worst published status seen during the minute. */
  worstStatus: ComponentStatus;
}

export interface RollupRepository {
  /** Adds counts into existing minutes (sums; worst status wins) or creates them. `minute` is floored to its minute. */
  add(rollups: Rollup[]): Promise<void>;
  /** Minutes of one component in [fromMs, toMs), oldest first. */
  range(componentId: ComponentId, fromMs: number, toMs: number): Promise<Rollup[]>;
  /** Deletes minutes older than `beforeMs`; returns how many. */
  prune(beforeMs: number): Promise<number>;
}

/** One active probe. */
export interface ProbeResult {
  componentId: ComponentId;
  at: number;
  ok: boolean;
  failureClass?: string;
  latencyMs: number;
  /** Key label used, if any. */
  key?: string;
}

export interface ProbeRepository {
  add(result: ProbeResult): Promise<void>;
  /** Newest first. */
  latest(componentId: ComponentId, limit: number): Promise<ProbeResult[]>;
  prune(beforeMs: number): Promise<number>;
}

/** One webhook notification and its delivery attempts. */
export interface WebhookDelivery {
  id: string;
  /** The configured webhook's name (never its secret; the URL is shown without query string). */
  webhook: string;
  event: 'incident.opened' | 'incident.updated' | 'incident.resolved';
  incidentId: string;
  /** JSON text sent. */
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  nextAttemptAt?: number;
  createdAt: number;
  deliveredAt?: number;
}

export interface WebhookDeliveryRepository {
  create(delivery: Omit<WebhookDelivery, 'id'>): Promise<WebhookDelivery>;
  /**
   * Applies the change and returns the delivery. An optional field passed as `undefined` is
   * cleared (e.g. `nextAttemptAt` once delivered); an unknown id rejects with `NOT_FOUND`.
   */
  update(id: string, change: Partial<Omit<WebhookDelivery, 'id' | 'createdAt'>>): Promise<WebhookDelivery>;
  /** Newest first. */
  list(options?: { limit?: number; state?: WebhookDelivery['state'] }): Promise<WebhookDelivery[]>;
  /** Pending deliveries due at `now` (for retry after a restart): `nextAttemptAt` (else `createdAt`) ≤ now, soonest first. */
  due(now: number): Promise<WebhookDelivery[]>;
  /** Deletes finished deliveries (delivered or failed) created before `beforeMs`; pending ones stay. Returns how many. */
  prune(beforeMs: number): Promise<number>;
}

/**
 * A client key as stored: never the key itself, only its SHA-256 and a short prefix to recognise
 * it by (`ll-AbC4`). Names are unique for good: a revoked key keeps its name and its usage history.
 */
export interface ClientKeyRecord {
  name: string;
  /** The key's first characters (`ll-` and 4 more): enough to tell keys apart, far too few to guess one. */
  prefix: string;
  /** Lower-case hex SHA-256 of the whole key. */
  hash: string;
  /** Model-name globs the key may use (`claude-*`); empty means every route. */
  routes: string[];
  /** Requests per minute at most; absent means no limit. */
  rpm?: number;
  /** Input plus output tokens per UTC day at most; absent means no limit. */
  tokensPerDay?: number;
  createdAt: number;
  expiresAt?: number;
  revokedAt?: number;
  /** Last request made with the key (written in batches, so up to a flush interval late). */
  lastUsedAt?: number;
  /** Defer this key's requests when every target fails, as if each sent `x-lifeline-defer: true`. */
  defer?: boolean;
}

export interface ClientKeyRepository {
  /** Stores a new key; a name already used (even by a revoked key) rejects with `ConflictError` (code `CONFLICT`). */
  create(key: ClientKeyRecord): Promise<ClientKeyRecord>;
  get(name: string): Promise<ClientKeyRecord | undefined>;
  /** Every key, revoked and expired ones included, oldest first (by `createdAt`, then name). */
  list(): Promise<ClientKeyRecord[]>;
  /** Sets `revokedAt` (the first revocation is kept); an unknown name rejects with `NOT_FOUND`. */
  revoke(name: string, atMs: number): Promise<ClientKeyRecord>;
  /** Moves `lastUsedAt` forward (never back) for each named key; unknown names are ignored. */
  touch(lastUsed: ReadonlyArray<{ name: string; at: number }>): Promise<void>;
}

/** What one client key spent on one UTC day with one model through one target. */
export interface KeyUsage {
  keyName: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** The model the client asked for. */
  model: string;
  /** `provider/model` that answered; '' when none did. */
  target: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

export interface KeyUsageRepository {
  /** Adds counts into existing rows (same key, day, model and target) or creates them. */
  add(rows: KeyUsage[]): Promise<void>;
  /** Rows of one key (or every key, `keyName` undefined) for days in [fromDay, toDay], ordered by key, day, model, target. */
  range(keyName: string | undefined, fromDay: string, toDay: string): Promise<KeyUsage[]>;
  /** Deletes days before `beforeDay`; returns how many rows. */
  prune(beforeDay: string): Promise<number>;
}

/** Where a deferred job is: waiting, being run under a lease, or finished for good. */
export type DeferredJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'expired';
/** Statuses a job never leaves. */
export const FINAL_JOB_STATUSES: ReadonlySet<DeferredJobStatus> = new Set(['succeeded', 'failed', 'expired']);

/**
 * A request kept until a target of its route can answer it (`x-lifeline-defer: true`). The body is
 * the client's own request text; the result is the answer rendered in the client's protocol.
 */
export interface DeferredJob {
  /** `job_` and 26 random base32 characters: unguessable, so the id alone never exposes a result. */
  id: string;
  /** Inbound wire format the client used (`anthropic` or `openai`). */
  protocol: string;
  /** The client's request body as JSON text. */
  body: string;
  /** The client key's name; absent when no key was required. Only the same key may read the job. */
  clientKey?: string;
  /** The route pattern that matched. */
  route: string;
  createdAt: number;
  /** After this the job is `expired` (unless it finished before). */
  expiresAt: number;
  /** Runs started (a run interrupted by a crash counts). */
  attempts: number;
  status: DeferredJobStatus;
  /** HTTP status of the result (200, or the final error's status). */
  resultStatus?: number;
  /** The answer (or final error envelope) as JSON text in the client's protocol. */
  result?: string;
  /** Why the last run did not finish, in plain words (no secrets). */
  lastError?: string;
  /** The instance holding the job while `running`. */
  leaseOwner?: string;
  leaseExpiresAt?: number;
  finishedAt?: number;
  /** Where the result is POSTed, signed like the webhooks. */
  callbackUrl?: string;
  /** `pending` until the callback receiver answered 2xx (`delivered`) or retries ran out (`failed`). */
  callbackState?: 'pending' | 'delivered' | 'failed';
  callbackAttempts?: number;
  /**
   * When the next callback attempt is due (set once the job is final). A claim moves it a lease
   * ahead, so one instance at a time delivers; cleared once delivered or given up.
   */
  callbackDueAt?: number;
}

/** What a caller gives to store a new job. */
export type NewDeferredJob = Pick<DeferredJob, 'protocol' | 'body' | 'route' | 'createdAt' | 'expiresAt'> & Partial<Pick<DeferredJob, 'clientKey' | 'callbackUrl'>>;

/** How a run ended, for {@link DeferredJobRepository.finish}. */
export interface JobOutcome {
  status: 'succeeded' | 'failed';
  resultStatus: number;
  result: string;
  finishedAt: number;
  lastError?: string;
}

/** Options for {@link DeferredJobRepository.claim}. */
export interface ClaimOptions {
  /** Who claims (an instance id). */
  owner: string;
  now: number;
  leaseMs: number;
  /** Jobs claimed at most. */
  limit: number;
  /** Only jobs of these route patterns; absent means any route. */
  routes?: readonly string[];
}

/**
 * Deferred jobs, claimed with leases so each runs on one instance at a time. PostgreSQL claims
 * with `FOR UPDATE SKIP LOCKED`, SQLite inside one write transaction.
 */
export interface DeferredJobRepository {
  /** Stores a new `queued` job with a fresh id and no attempts. */
  create(job: NewDeferredJob): Promise<DeferredJob>;
  get(id: string): Promise<DeferredJob | undefined>;
  /**
   * Takes up to `limit` jobs, oldest first (by `createdAt`, then id): queued ones and running ones
   * whose lease expired (their instance died). Each becomes `running` under `owner` until
   * `now + leaseMs`, with one more attempt. Jobs past `expiresAt` are never claimed.
   */
  claim(options: ClaimOptions): Promise<DeferredJob[]>;
  /** Moves the lease of a job `owner` still holds to `leaseExpiresAt`; false when the lease was lost. */
  renew(id: string, owner: string, leaseExpiresAt: number): Promise<boolean>;
  /** Records the final outcome of a run `owner` still holds (a pending callback becomes due at `finishedAt`); false (and nothing written) when it does not. */
  finish(id: string, owner: string, outcome: JobOutcome): Promise<boolean>;
  /** Gives a job `owner` holds back to the queue (its run failed for an outage, or the instance stops). */
  release(id: string, owner: string, lastError?: string): Promise<boolean>;
  /** Marks unfinished jobs with `expiresAt <= now` `expired` (final); returns how many. */
  expire(now: number): Promise<number>;
  /**
   * Takes up to `limit` final jobs whose callback is pending and due at `now` (soonest first),
   * moving each one's due time to `now + leaseMs` so no other instance delivers it meanwhile.
   */
  claimCallbacks(options: { now: number; leaseMs: number; limit: number }): Promise<DeferredJob[]>;
  /** Records a callback attempt: its state, attempts so far and when the next is due (none: cleared). Unknown ids are ignored. */
  recordCallback(id: string, state: NonNullable<DeferredJob['callbackState']>, attempts: number, nextDueAt?: number): Promise<void>;
  /** How many jobs are in each status. */
  countByStatus(): Promise<Record<DeferredJobStatus, number>>;
  /** Deletes finished jobs that finished before `beforeMs`; returns how many. */
  prune(beforeMs: number): Promise<number>;
}

/**
 * A Responses API response Lifeline returned with `store` true, kept so a later request may name
 * it in `previous_response_id` and a client may read it back (`GET /v1/responses/{id}`). Both
 * texts are what the client saw or sent, so they may hold user text (redacted of secrets on the
 * way in, like every stored text).
 */
export interface StoredResponse {
  /** The `resp_…` id the client saw. */
  id: string;
  /** The client key's name; absent when no key was required. Only the same key may read it. */
  owner?: string;
  /** The Response object as returned, JSON text. */
  response: string;
  /** Every input item that produced it (previous turns expanded, instructions excluded), a JSON array as text. */
  input: string;
  createdAt: number;
  /** After this the response is gone (reads miss it; the retention sweep deletes it). */
  expiresAt: number;
}

export interface ResponseRepository {
  /** Keeps a response; one already kept under the same id is replaced. */
  put(response: StoredResponse): Promise<void>;
  /** The response under `id` unless it expired by `now` (`expiresAt <= now`). */
  get(id: string, now: number): Promise<StoredResponse | undefined>;
  /** Deletes it; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Deletes responses with `expiresAt <= now`; returns how many. */
  prune(now: number): Promise<number>;
}

/**
 * Everything Lifeline persists. `memory/` is the reference implementation used in tests;
 * `sqlite/` is the embedded default; `postgres/` serves several instances sharing one database.
 * Every backend passes `store-conformance.test-suite.ts`.
 */
export interface LifelineStore {
  readonly kind: string;
  readonly incidents: IncidentRepository;
  readonly rollups: RollupRepository;
  readonly probes: ProbeRepository;
  readonly webhooks: WebhookDeliveryRepository;
  readonly clientKeys: ClientKeyRepository;
  readonly keyUsage: KeyUsageRepository;
  readonly deferredJobs: DeferredJobRepository;
  readonly responses: ResponseRepository;
  close(): Promise<void>;
}
