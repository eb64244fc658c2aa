import { describe, expect, it } from 'vitest';
import { continuationInstruction } from '../../src/providers/shared/continuation-instruction.js';
import type { RecordedRequest, ScriptRule, SimulatorHandle } from '../../src/simulators/index.js';
import {
  BASH_OUTPUT,
  BASH_PREAMBLE,
  FINAL_ANSWER,
  taskScript,
  taskToolCalls,
  type TaskToolIds,
} from '../support/claude-code-task.js';
import { expectTaskSucceeded, runClaudeCodeTask, type TaskOutcome } from '../support/claude-code-task-run.js';
import type { TappedRequest } from '../support/claude-code-tap.js';
import type { Stack } from '../support/start-stack.js';

const TEST_TIMEOUT_MS = 120_000;
const ROUTES = { 'claude-*': ['asim/*', 'osim/gpt-5'] };
const ANTHROPIC_IDS: TaskToolIds = { read: 'toolu_od_read', readMissing: 'toolu_od_missing', bash: 'toolu_od_bash', write: 'toolu_od_write', edit: 'toolu_od_edit' };
const OPENAI_IDS: TaskToolIds = { read: 'call_od_read', readMissing: 'call_od_missing', bash: 'call_od_bash', write: 'call_od_write', edit: 'call_od_edit' };

type Json = Record<string, unknown>;

function messagesOf(body: unknown): Json[] {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) throw new Error(`no messages in ${JSON.stringify(body)}`);
  return messages as Json[];
}

function blocksOf(message: Json | undefined): Json[] {
  const content = message?.content;
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Json[]) : [];
}

function textOf(message: Json | undefined): string {
  return blocksOf(message)
    .filter((block) => block.type === 'text')
    .map((block) => String(block.text))
    .join('');
}

/** The CLI's own generation requests (what it sent Lifeline), parsed. */
function cliGenerations(requests: TappedRequest[]): Json[] {
  return requests.filter((request) => request.method === 'POST' && request.url.startsWith('/v1/messages') && !request.url.includes('count_tokens')).map((request) => JSON.parse(request.body) as Json);
}

/** Runs `action` once, as soon as `sim` has received `count` generation requests (it has already answered the last one). */
function whenRequestCount(sim: SimulatorHandle, actions: Array<{ count: number; action: () => void }>): () => void {
  const pending = [...actions];
  const timer = setInterval(() => {
    const received = sim.control.requests().filter((request) => request.path === '/v1/messages').length;
    while (pending[0] && received >= pending[0].count) pending.shift()!.action();
    if (pending.length === 0) clearInterval(timer);
  }, 1);
  return () => clearInterval(timer);
}

/** What every run here must show: success, no error printed, the files, and no retried request. */
function expectCleanSuccess(outcome: TaskOutcome): void {
  const context = expectTaskSucceeded(outcome);
  // One request per step: the CLI never saw an error it had to retry.
  expect(cliGenerations(outcome.clientRequests), context).toHaveLength(5);
}

/**
 * The fallback's script for a session it joins half-way: each rule also demands what only the
 * earlier, Anthropic-served history carries (the Bash call's input, the count of earlier turns), so a
 * request whose translated history lost a call or a result gets the simulator's default reply and
 * the task visibly fails.
 */
function strictFallbackScript(project: string): ScriptRule[] {
  const calls = taskToolCalls(project, OPENAI_IDS);
  const history = { lastMessageIsToolResult: true, lastUserText: 'LIFELINE-E2E-TASK' } as const;
  return [
    { match: { ...history, toolResultContains: 'result.txt', minTurns: 4, anyText: 's += $1' }, reply: { text: FINAL_ANSWER } },
    { match: { ...history, toolResultContains: 'result.txt', minTurns: 3, anyText: 's += $1' }, reply: { toolCalls: [calls.edit] } },
    { match: { ...history, toolResultContains: BASH_OUTPUT, minTurns: 2, anyText: 's += $1' }, reply: { toolCalls: [calls.write] } },
  ];
}

describe('Claude Code through a provider outage in the middle of a session', () => {
  it(
    'the Anthropic provider stops accepting connections mid-session: the OpenAI fallback finishes the task from the translated history',
    async () => {
      const outcome = await runClaudeCodeTask({
        routes: ROUTES,
        scripts: (project) => ({ asim: taskScript(project, ANTHROPIC_IDS), osim: strictFallbackScript(project) }),
        // Read and Bash are answered by the Anthropic provider; then it goes away (connections refused).
        duringRun: (stack: Stack) => whenRequestCount(stack.sims.asim!, [{ count: 2, action: () => void stack.sims.asim!.control.refuseConnections() }]),
      });
      expectCleanSuccess(outcome);

      const asimRequests = outcome.requestsBySim.asim ?? [];
      const osimRequests = outcome.requestsBySim.osim ?? [];
      expect(asimRequests).toHaveLength(2);
      expect(osimRequests).toHaveLength(3);

      // The fallback's first request carries the whole Anthropic-made history: both Read calls and
      // their results, the Bash call (with its text) and its result, under the original ids.
      const first = messagesOf(osimRequests[0]?.body);
      const assistants = first.filter((message) => message.role === 'assistant');
      expect(assistants.map((message) => ((message.tool_calls ?? []) as Json[]).map((call) => call.id))).toEqual([
        [ANTHROPIC_IDS.read, ANTHROPIC_IDS.readMissing],
        [ANTHROPIC_IDS.bash],
      ]);
      expect(assistants[1]?.content).toBe(BASH_PREAMBLE);
      const bashCall = ((assistants[1]?.tool_calls ?? []) as Json[])[0]?.function as Json | undefined;
      expect(bashCall?.name).toBe('Bash');
      expect(JSON.parse(String(bashCall?.arguments))).toMatchObject({ command: expect.stringContaining('s += $1') });
      const results = first.filter((message) => message.role === 'tool');
      expect(results.map((message) => message.tool_call_id)).toEqual([ANTHROPIC_IDS.read, ANTHROPIC_IDS.readMissing, ANTHROPIC_IDS.bash]);
      expect(JSON.stringify(results[0]?.content)).toContain('5829');
      expect(JSON.stringify(results[2]?.content)).toContain(BASH_OUTPUT);

      // And the last one carries both providers' calls, each answered once.
      const last = messagesOf(osimRequests.at(-1)?.body);
      expect(last.filter((message) => message.role === 'tool').map((message) => message.tool_call_id)).toEqual([
        ANTHROPIC_IDS.read,
        ANTHROPIC_IDS.readMissing,
        ANTHROPIC_IDS.bash,
        OPENAI_IDS.write,
        OPENAI_IDS.edit,
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the stream breaks in the middle of assistant turns (text + tool call, and the final answer): the task completes with every word once',
    async () => {
      const outcome = await runClaudeCodeTask({
        routes: ROUTES,
        scripts: (project) => ({ asim: taskScript(project, ANTHROPIC_IDS), osim: taskScript(project, OPENAI_IDS) }),
        duringRun: (stack: Stack) => {
          const asim = stack.sims.asim!;
          return whenRequestCount(asim, [
            // Turn 2 says BASH_PREAMBLE and calls Bash: an overload error after three text deltas
            // (message_start, content_block_start, ping, 3 deltas).
            { count: 1, action: () => asim.control.addFault({ kind: 'error-event', afterEvents: 6, errorType: 'overloaded_error', match: { path: '/v1/messages' } }) },
            // Turn 5, the final answer: the connection drops after two text deltas.
            { count: 4, action: () => asim.control.addFault({ kind: 'reset-mid-stream', afterEvents: 5, match: { path: '/v1/messages' } }) },
          ]);
        },
      });
      expectCleanSuccess(outcome);

      const asimRequests: RecordedRequest[] = outcome.requestsBySim.asim ?? [];
      const osimRequests: RecordedRequest[] = outcome.requestsBySim.osim ?? [];
      expect(asimRequests).toHaveLength(5);
      // Both cut turns were continued on the fallback from the text already sent.
      expect(osimRequests).toHaveLength(2);
      for (const [index, whole] of [BASH_PREAMBLE, FINAL_ANSWER].entries()) {
        const messages = messagesOf(osimRequests[index]?.body);
        const partial = textOf(messages.at(-2));
        expect(messages.at(-1)).toEqual({ role: 'user', content: continuationInstruction(partial) });
        expect(messages.at(-2)?.role).toBe('assistant');
        expect(partial.length).toBeGreaterThan(0);
        expect(partial.length).toBeLessThan(whole.length);
        expect(whole.startsWith(partial)).toBe(true);
      }

      // What the CLI made of the cut turn 2, as it sent it back in its next request: the whole text
      // once, then one complete Bash call (made by the continuing target), answered by its result.
      const generations = cliGenerations(outcome.clientRequests);
      const third = messagesOf(generations[2]);
      const turn2 = third.filter((message) => message.role === 'assistant')[1];
      expect(textOf(turn2)).toBe(BASH_PREAMBLE);
      const toolUses = blocksOf(turn2).filter((block) => block.type === 'tool_use');
      expect(toolUses).toHaveLength(1);
      expect(toolUses[0]?.name).toBe('Bash');
      expect(toolUses[0]?.id).toBe(OPENAI_IDS.bash);
      expect(toolUses[0]?.input).toMatchObject({ command: expect.stringContaining('s += $1') });
      const results = blocksOf(third.at(-1)).filter((block) => block.type === 'tool_result');
      expect(results.map((block) => block.tool_use_id)).toEqual([OPENAI_IDS.bash]);
      expect(JSON.stringify(results[0]?.content)).toContain(BASH_OUTPUT);
    },
    TEST_TIMEOUT_MS,
  );
});
