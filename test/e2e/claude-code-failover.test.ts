import { describe, expect, it } from 'vitest';
import { parseJsonResult } from '../support/claude-code.js';
import { FINAL_ANSWER, FINAL_RESULT, TASK_PROMPT, taskScript, type TaskToolIds } from '../support/claude-code-task.js';
import { describeRun, runClaudeCodeTask } from '../support/claude-code-task-run.js';

const TEST_TIMEOUT_MS = 120_000;
const THINKING = 'Only the Anthropic provider produces this thinking text.';
const ANTHROPIC_IDS: TaskToolIds = { read: 'toolu_fo_read', readMissing: 'toolu_fo_missing', bash: 'toolu_fo_bash', write: 'toolu_fo_write', edit: 'toolu_fo_edit' };
const OPENAI_IDS: TaskToolIds = { read: 'call_fo_read', readMissing: 'call_fo_missing', bash: 'call_fo_bash', write: 'call_fo_write', edit: 'call_fo_edit' };

type Json = Record<string, unknown>;

function messagesOf(body: unknown): Json[] {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) throw new Error(`no messages in ${JSON.stringify(body)}`);
  return messages as Json[];
}

describe('the real Claude Code CLI through a provider outage', () => {
  it(
    'keeps working when the Anthropic provider starts failing mid-task: the rest of the task is served by the OpenAI fallback',
    async () => {
      const outcome = await runClaudeCodeTask({
        routes: { 'claude-*': ['asim/*', 'osim/gpt-5'] },
        scripts: (project) => ({
          asim: taskScript(project, ANTHROPIC_IDS, { thinking: THINKING }),
          osim: taskScript(project, OPENAI_IDS),
        }),
        // Once the first request is in (the simulator has already decided how to answer it), every
        // later request to the Anthropic provider gets 529 overloaded.
        duringRun: (stack) => {
          const asim = stack.sims.asim;
          if (!asim) throw new Error('no asim');
          const timer = setInterval(() => {
            if (asim.control.requests().length === 0) return;
            asim.control.addFault({ kind: 'status', status: 529, errorType: 'overloaded_error', persistent: true });
            clearInterval(timer);
          }, 1);
          return () => clearInterval(timer);
        },
      });
      const { run } = outcome;
      const context = describeRun(run);
      expect(run.exitCode, context).toBe(0);
      expect(run.stdout, context).not.toMatch(/API Error/i);
      expect(parseJsonResult(run)).toMatchObject({ subtype: 'success', is_error: false, result: FINAL_ANSWER });
      expect(outcome.resultFile).toBe(FINAL_RESULT);
      expect(outcome.escapedTraffic).toEqual([]);

      const asimRequests = outcome.requestsBySim.asim ?? [];
      const osimRequests = outcome.requestsBySim.osim ?? [];
      // Step 1 on the Anthropic provider (its only success), steps 2-5 on the fallback.
      expect(asimRequests.length).toBeGreaterThanOrEqual(2);
      expect(osimRequests).toHaveLength(4);
      const firstFallback = messagesOf(osimRequests[0]?.body);
      const fallbackText = JSON.stringify(firstFallback);
      // The history made on the Anthropic side is translated: its tool ids answer its calls, and its
      // thinking (signed for Anthropic only) is left out.
      expect(fallbackText).not.toContain(THINKING);
      const readCall = firstFallback.find((message) => message.role === 'assistant');
      const toolCalls = (readCall?.tool_calls ?? []) as Json[];
      expect(toolCalls.map((call) => call.id)).toEqual([ANTHROPIC_IDS.read, ANTHROPIC_IDS.readMissing]);
      const toolMessages = firstFallback.filter((message) => message.role === 'tool');
      expect(toolMessages.map((message) => message.tool_call_id)).toEqual([ANTHROPIC_IDS.read, ANTHROPIC_IDS.readMissing]);
      expect(JSON.stringify(firstFallback.at(0))).toContain('Claude');
      // The final fallback request carries ids from both providers, each answered.
      const lastFallback = messagesOf(osimRequests.at(-1)?.body);
      const answered = lastFallback.filter((message) => message.role === 'tool').map((message) => message.tool_call_id);
      expect(answered).toEqual([ANTHROPIC_IDS.read, ANTHROPIC_IDS.readMissing, OPENAI_IDS.bash, OPENAI_IDS.write, OPENAI_IDS.edit]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fails fast with a clear error when every provider is down, instead of retrying silently for minutes',
    async () => {
      const outcome = await runClaudeCodeTask({
        routes: { 'claude-*': ['asim/*', 'osim/gpt-5'] },
        scripts: (project) => ({ asim: taskScript(project, ANTHROPIC_IDS), osim: taskScript(project, OPENAI_IDS) }),
        duringRun: (stack) => {
          stack.sims.asim?.control.addFault({ kind: 'status', status: 529, errorType: 'overloaded_error', persistent: true });
          stack.sims.osim?.control.addFault({ kind: 'status', status: 503, persistent: true });
          return undefined;
        },
        timeoutMs: 60_000,
      });
      const { run } = outcome;
      const context = describeRun(run);
      // Unaided, the CLI retries a bare 529 with backoff for minutes; Lifeline's answer makes it stop at once.
      expect(run.timedOut, context).toBe(false);
      expect(run.durationMs, context).toBeLessThan(20_000);
      expect(run.exitCode, context).toBe(1);
      const result = parseJsonResult(run);
      expect(result.is_error, context).toBe(true);
      expect(result.result, context).toMatch(/API Error: 5\d\d/);
      // The message names the failed routes, so the person at the terminal knows what happened.
      expect(result.result, context).toMatch(/asim/);
      expect(result.result, context).toMatch(/osim/);
      expect(outcome.resultFile).toBeUndefined();
      expect(outcome.escapedTraffic).toEqual([]);
      // Only the first turn was attempted: every request is the task's first one.
      const all = [...(outcome.requestsBySim.asim ?? []), ...(outcome.requestsBySim.osim ?? [])];
      expect(all.length).toBeGreaterThan(0);
      expect(all.length).toBeLessThanOrEqual(10);
      for (const request of all) expect(JSON.stringify(request.body)).toContain(TASK_PROMPT);
    },
    TEST_TIMEOUT_MS,
  );
});
