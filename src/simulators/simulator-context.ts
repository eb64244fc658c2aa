import type { FaultQueue } from './fault-queue.js';
import type { ScriptBook } from './script-book.js';
import type { AwsTestCredential } from './bedrock/bedrock-sigv4.js';
import type { ContinuationBehaviour, SimulatorFormat } from './types.js';

/** Settings and state a format handler answers from. */
export interface SimulatorContext {
  format: SimulatorFormat;
  name: string;
  /** Accepted keys; undefined = any non-empty key. */
  keys: ReadonlySet<string> | undefined;
  chunkCount: number;
  chunkDelayMs: number;
  models: readonly string[];
  strictModels: boolean;
  faults: FaultQueue;
  script: ScriptBook;
  defaultReplyText: string;
  /** How continuations are answered; changed at runtime through the control. */
  continuation: ContinuationBehaviour;
  /** Gemini thought signatures this simulator issued (Gemini 3 accepts back only its own). */
  thoughtSignatures: Set<string>;
  /** Responses API reasoning item ids this simulator issued (OpenAI finds back only its own). */
  reasoningItemIds: Set<string>;
  /** bedrock: the region requests must be signed for, and the credentials the account knows (undefined: any signature). */
  aws?: { region: string; credentials: AwsTestCredential[] | undefined; apiKeys: readonly string[] };
}
