import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { anthropicClient, openaiClient, type SdkClient } from './sdk-observation.js';

/** One phase of the drill: what happens to the primary, and how long the phase lasts at least. */
export interface DrillPhase {
  name: string;
  /** Applied when the phase starts (set or clear faults, refuse or accept connections). */
  enter(): Promise<void> | void;
  /** The phase lasts until at least this many requests started in it ... */
  minRequests: number;
  /** ... and at least this long ... */
  minDurationMs: number;
  /** ... and, when given, until this holds (checked as requests finish), capped by `maxDurationMs`. */
  until?: (records: readonly DrillRecord[]) => boolean;
  /** Hard end of the phase whatever `until` says. */
  maxDurationMs?: number;
}

/** One client request of the drill. */
export interface DrillRecord {
  phase: string;
  client: SdkClient;
  stream: boolean;
  /** Milliseconds since the drill started, when the request was sent. */
  startedAtMs: number;
  durationMs: number;
  /** `x-lifeline-target` of the answer; undefined when the call failed. */
  target?: string;
  /** `x-lifeline-failovers` of the answer, when earlier targets failed. */
  failovers?: string;
  text?: string;
  /** What the client saw when the call failed. */
  error?: string;
}

/** Options for {@link runDrill}. */
export interface DrillOptions {
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  /** Client model name of the route under test. */
  model: string;
  concurrency: number;
  phases: DrillPhase[];
}

/** When a phase ran: milliseconds since the drill started, and wall-clock (to compare with simulators' `receivedAt`). */
export interface PhaseWindow {
  name: string;
  startMs: number;
  endMs: number;
  startEpochMs: number;
  endEpochMs: number;
}

/** Every request of the drill and when each phase ran. */
export interface DrillResult {
  records: DrillRecord[];
  phases: PhaseWindow[];
}

interface Answer {
  text: string;
  target: string | null;
  failovers: string | null;
}

async function anthropicCall(client: Anthropic, model: string, stream: boolean): Promise<Answer> {
  const params = { model, max_tokens: 256, messages: [{ role: 'user' as const, content: 'drill' }] };
  if (!stream) {
    const { data, response } = await client.messages.create(params).withResponse();
    return { text: data.content.map((block) => (block.type === 'text' ? block.text : '')).join(''), target: response.headers.get('x-lifeline-target'), failovers: response.headers.get('x-lifeline-failovers') };
  }
  const { data: events, response } = await client.messages.create({ ...params, stream: true }).withResponse();
  let text = '';
  let stops = 0;
  for await (const event of events) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    if (event.type === 'message_stop') stops++;
  }
  if (stops !== 1) throw new Error(`stream ended with ${stops} message_stop events`);
  return { text, target: response.headers.get('x-lifeline-target'), failovers: response.headers.get('x-lifeline-failovers') };
}

async function openaiCall(client: OpenAI, model: string, stream: boolean): Promise<Answer> {
  const messages = [{ role: 'user' as const, content: 'drill' }];
  if (!stream) {
    const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
    return { text: data.choices[0]?.message.content ?? '', target: response.headers.get('x-lifeline-target'), failovers: response.headers.get('x-lifeline-failovers') };
  }
  const { data: chunks, response } = await client.chat.completions.create({ model, messages, stream: true }).withResponse();
  let text = '';
  let finishes = 0;
  for await (const chunk of chunks) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.choices[0]?.finish_reason) finishes++;
  }
  if (finishes !== 1) throw new Error(`stream ended with ${finishes} finish_reason chunks`);
  return { text, target: response.headers.get('x-lifeline-target'), failovers: response.headers.get('x-lifeline-failovers') };
}

/**
 * Drives `concurrency` workers through the official SDKs (alternating Anthropic/OpenAI, streaming
 * and not) while the phases change what the primary does. Each request belongs to the phase in
 * which it was sent. Resolves once the last phase is over and every request has finished.
 */
export async function runDrill(options: DrillOptions): Promise<DrillResult> {
  const anthropic = anthropicClient(options.anthropicBaseUrl);
  const openai = openaiClient(options.openaiBaseUrl);
  const records: DrillRecord[] = [];
  const phases: PhaseWindow[] = [];
  const startedAt = performance.now();
  const now = () => performance.now() - startedAt;
  let phaseIndex = 0;
  let sentInPhase = 0;
  let sequence = 0;
  let finished = false;

  const closePhase = () => {
    const last = phases.at(-1);
    if (!last) return;
    last.endMs = now();
    last.endEpochMs = Date.now();
  };
  const enterPhase = async (index: number) => {
    const phase = options.phases[index]!;
    closePhase();
    await phase.enter();
    phases.push({ name: phase.name, startMs: now(), endMs: Number.NaN, startEpochMs: Date.now(), endEpochMs: Number.NaN });
    phaseIndex = index;
    sentInPhase = 0;
  };

  /** Moves to the next phase (or ends the drill) once the current one has had its due. */
  let advancing = false;
  const maybeAdvance = async () => {
    if (advancing || finished) return;
    const phase = options.phases[phaseIndex]!;
    const elapsed = now() - phases.at(-1)!.startMs;
    const phaseRecords = records.filter((record) => record.phase === phase.name);
    const due = sentInPhase >= phase.minRequests && elapsed >= phase.minDurationMs && (!phase.until || phase.until(phaseRecords));
    const overdue = phase.maxDurationMs !== undefined && elapsed >= phase.maxDurationMs;
    if (!due && !overdue) return;
    advancing = true;
    try {
      if (phaseIndex + 1 < options.phases.length) await enterPhase(phaseIndex + 1);
      else {
        closePhase();
        finished = true;
      }
    } finally {
      advancing = false;
    }
  };

  const worker = async () => {
    while (!finished) {
      await maybeAdvance();
      if (finished) return;
      const phase = options.phases[phaseIndex]!.name;
      const number = sequence++;
      const client: SdkClient = number % 2 === 0 ? 'anthropic' : 'openai';
      const stream = Math.floor(number / 2) % 2 === 0;
      sentInPhase++;
      const startedAtMs = now();
      try {
        const answer = client === 'anthropic' ? await anthropicCall(anthropic, options.model, stream) : await openaiCall(openai, options.model, stream);
        records.push({ phase, client, stream, startedAtMs, durationMs: now() - startedAtMs, text: answer.text, ...(answer.target ? { target: answer.target } : {}), ...(answer.failovers ? { failovers: answer.failovers } : {}) });
      } catch (error) {
        records.push({ phase, client, stream, startedAtMs, durationMs: now() - startedAtMs, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    }
  };

  await enterPhase(0);
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { records, phases };
}

/** The p-th percentile (0–100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
