import { afterEach, describe, expect, it } from 'vitest';
import type { ContinuationMode, FaultSpec } from '../../src/simulators/index.js';
import { generationRequests, startResilienceStack, type ResilienceStack } from '../support/resilience-stack.js';
import { anthropicClient, askAnthropic, rejectionOf } from '../support/sdk-observation.js';

/** Sixty words, as in the issue: long enough that a repeat is unmistakable. */
const ANSWER = [
  'Lifeline keeps a conversation going when the provider behind it breaks in the middle of an answer.',
  'It hands the text the client already has to the next provider, asks it to carry on,',
  'then checks what comes back before any of it reaches the client, so every word arrives exactly once',
  'and a different answer is never spliced in.',
].join(' ');

const words = (text: string) => text.split(/\s+/).filter((word) => word !== '').length;

interface DuplicationCase {
  name: string;
  fault: FaultSpec;
  fallbackMode: ContinuationMode;
  /** The primary's stream survives the fault: nothing to continue. */
  absorbed?: boolean;
}

// The four cases: an Anthropic client, an Anthropic primary that breaks, and an OpenAI-type
// fallback whose model behaves like many real ones.
const CASES: DuplicationCase[] = [
  { name: 'a stream cut after ~40 tokens, fallback ignores the instruction', fault: { kind: 'reset-mid-stream', afterEvents: 40 }, fallbackMode: 'ignore-instruction' },
  { name: 'a stall and then a close mid-stream', fault: { kind: 'stall-mid-stream', afterEvents: 40, ms: 2_000 }, fallbackMode: 'ignore-instruction' },
  { name: 'a fallback that rejects assistant prefill', fault: { kind: 'reset-mid-stream', afterEvents: 40 }, fallbackMode: 'reject-prefill' },
  { name: 'one malformed chunk in an otherwise good stream', fault: { kind: 'malformed-frame', afterEvents: 40 }, fallbackMode: 'ignore-instruction', absorbed: true },
];

let stack: ResilienceStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('issue 16: a continuation never duplicates the text the client already has', () => {
  for (const testCase of CASES) {
    it(`${testCase.name}: the answer arrives once`, async () => {
      stack = await startResilienceStack({
        providers: [
          { name: 'primary', simulator: { format: 'anthropic', script: [{ reply: { text: ANSWER } }], chunkCount: 60 } },
          { name: 'fallback', simulator: { format: 'openai', script: [{ reply: { text: ANSWER } }], chunkCount: 60, continuation: { mode: testCase.fallbackMode } } },
        ],
        routes: { 'claude-seam': ['primary/claude-main', 'fallback/gpt-backup'] },
        resilience: { timeouts: { idle_ms: 500 } },
      });
      stack.sim('primary').control.addFault(testCase.fault);
      const seen = await askAnthropic(stack.anthropicBaseUrl, 'claude-seam', true);
      console.log(`[issue 16] ${testCase.name}: ${words(seen.text)} words of ${words(ANSWER)}, stop ${seen.stopReason}`);
      expect(words(ANSWER)).toBe(60);
      expect(seen.text).toBe(ANSWER);
      expect(seen.stopReason).toBe('end_turn');
      // A skipped frame is not a broken stream; the others were continued on the fallback.
      expect(generationRequests(stack.sim('fallback'))).toHaveLength(testCase.absorbed ? 0 : 1);
    });
  }

  it('a fallback that answers something else ends the stream with an error, never a spliced answer', async () => {
    stack = await startResilienceStack({
      providers: [
        { name: 'primary', simulator: { format: 'anthropic', script: [{ reply: { text: ANSWER } }], chunkCount: 60 } },
        { name: 'fallback', simulator: { format: 'openai', script: [{ reply: { text: ANSWER } }], chunkCount: 60, continuation: { mode: 'diverge' } } },
      ],
      routes: { 'claude-seam': ['primary/claude-main', 'fallback/gpt-backup'] },
    });
    stack.sim('primary').control.addFault({ kind: 'reset-mid-stream', afterEvents: 40 });
    const messageStream = anthropicClient(stack.anthropicBaseUrl).messages.stream({ model: 'claude-seam', max_tokens: 512, messages: [{ role: 'user', content: 'go' }] });
    let received = '';
    messageStream.on('text', (delta) => (received += delta));
    const error = await rejectionOf(messageStream.finalMessage());
    expect(String(error)).toContain('did not start from the last words already sent');
    // What the client got is the start of the answer, and nothing of the other one.
    expect(received.length).toBeGreaterThan(0);
    expect(ANSWER.startsWith(received)).toBe(true);
  });
});
