import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/simulators/index.js';
import { CLAUDE_CODE_CLIENT_KEY } from '../support/claude-code.js';
import {
  BASH_OUTPUT,
  BASH_PREAMBLE,
  TASK_PROMPT,
  taskScript,
  taskToolCalls,
  type TaskToolIds,
} from '../support/claude-code-task.js';
import { expectTaskSucceeded, runClaudeCodeTask, type TaskOutcome } from '../support/claude-code-task-run.js';

// The real CLI (native binary) runs the whole task in a few seconds; the margin is for slow CI machines.
const TEST_TIMEOUT_MS = 120_000;
const THINKING = 'The numbers are in input.txt; read it first.';

type Json = Record<string, unknown>;

/** What every run must show: success, the file written and edited, and traffic only where expected. */
function expectTaskCompleted(outcome: TaskOutcome, target: 'asim' | 'osim', expectedRequests: number): RecordedRequest[] {
  // Read -> Bash -> Write -> Edit all ran for real: result.txt holds the written text with the edit
  // applied. num_turns is left alone: the CLI counts each of several parallel tool calls as a turn.
  expectTaskSucceeded(outcome);
  // Only the expected traffic: one request per step to the routed simulator, nothing elsewhere.
  for (const [name, requests] of Object.entries(outcome.requestsBySim)) {
    if (name !== target) expect(requests, `requests to ${name}`).toEqual([]);
  }
  const requests = outcome.requestsBySim[target] ?? [];
  expect(requests).toHaveLength(expectedRequests);
  return requests;
}

function asObject(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value as Json;
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value;
}

function bodyOf(request: RecordedRequest | undefined): Json {
  return asObject(request?.body);
}

function messagesOf(request: RecordedRequest | undefined): Json[] {
  return asArray(bodyOf(request).messages).map(asObject);
}

function blocksOf(message: Json | undefined): Json[] {
  const content = message?.content;
  return typeof content === 'string' ? [{ type: 'text', text: content }] : asArray(content).map(asObject);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => String(asObject(part).text ?? '')).join('\n');
}

/** Header values must not carry the client's key anywhere (x-api-key, authorization, or any other). */
function expectClientKeyAbsent(request: RecordedRequest): void {
  for (const [name, value] of Object.entries(request.headers)) {
    expect(value, `header ${name}`).not.toContain(CLAUDE_CODE_CLIENT_KEY);
  }
  expect(JSON.stringify(request.body)).not.toContain(CLAUDE_CODE_CLIENT_KEY);
}

describe('the real Claude Code CLI through Lifeline', () => {
  it(
    'passthrough to an Anthropic provider: 2 parallel Reads -> Bash -> Write -> Edit -> answer, with Claude Code request features intact',
    async () => {
      const ids: TaskToolIds = { read: 'toolu_e2e_read_01', readMissing: 'toolu_e2e_read_01b', bash: 'toolu_e2e_bash_02', write: 'toolu_e2e_write_03', edit: 'toolu_e2e_edit_04' };
      const outcome = await runClaudeCodeTask({
        routes: { 'claude-*': ['asim/*'] },
        scripts: (project) => ({ asim: taskScript(project, ids, { thinking: THINKING }) }),
      });
      const requests = expectTaskCompleted(outcome, 'asim', 5);
      const { projectDirectory } = outcome;
      const calls = taskToolCalls(projectDirectory, ids);

      for (const request of requests) {
        expect(request.method).toBe('POST');
        expect(request.path).toBe('/v1/messages');
        // Claude Code's `?beta=true` is forwarded as sent.
        expect(request.query).toBe('beta=true');
        expect(request.headers['anthropic-version']).toBe('2023-06-01');
        expect(request.headers['x-api-key']).toBe('sk-asim-test-0001');
        expectClientKeyAbsent(request);
      }

      // Passthrough: the provider gets the very body Claude Code sent, and the same betas, under Lifeline's key.
      expect(outcome.clientRequests).toHaveLength(requests.length);
      outcome.clientRequests.forEach((sent, index) => {
        expect(sent.url).toBe('/v1/messages?beta=true');
        expect(sent.headers['x-api-key']).toBe(CLAUDE_CODE_CLIENT_KEY);
        expect(requests[index]?.body).toEqual(JSON.parse(sent.body));
        expect(requests[index]?.headers['anthropic-beta']).toBe(sent.headers['anthropic-beta']);
      });

      const first = requests[0];
      const betas = (first?.headers['anthropic-beta'] ?? '').split(',');
      expect(betas).toEqual(
        expect.arrayContaining(['claude-code-20250219', 'interleaved-thinking-2025-05-14', 'context-management-2025-06-27']),
      );
      const body = bodyOf(first);
      expect(body.model).toMatch(/^claude-/);
      expect(body.stream).toBe(true);
      expect(body.max_tokens).toBeGreaterThan(4096);
      expect(asObject(body.thinking).type).toBeTypeOf('string');
      expect(asArray(asObject(body.context_management).edits).length).toBeGreaterThan(0);
      expect(body.output_config).toBeTypeOf('object');
      expect(asObject(body.metadata).user_id).toBeTypeOf('string');
      const system = asArray(body.system).map(asObject);
      expect(system.length).toBeGreaterThanOrEqual(2);
      expect(system.some((block) => block.cache_control !== undefined)).toBe(true);
      const tools = asArray(body.tools).map(asObject);
      expect(tools.length).toBeGreaterThanOrEqual(10);
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['Read', 'Bash', 'Write', 'Edit']));
      expect(tools.some((tool) => tool.defer_loading === true)).toBe(true);
      const firstMessages = messagesOf(first);
      expect(firstMessages.some((message) => message.role === 'system')).toBe(true);
      expect(textOf(firstMessages[0]?.content)).toContain(TASK_PROMPT);

      // The last request carries the whole history, exactly as the simulated model produced it.
      const history = messagesOf(requests[4]).filter((message) => message.role !== 'system');
      const assistants = history.filter((message) => message.role === 'assistant');
      expect(assistants).toHaveLength(4);
      // Step 1: the thinking block comes back with its signature (required by the real API), then both Read calls.
      const [thinking, ...readUses] = blocksOf(assistants[0]);
      expect(thinking).toMatchObject({ type: 'thinking', thinking: THINKING });
      expect(String(thinking?.signature)).toMatch(/^Eq[A-Za-z0-9+/=]{100,}$/);
      expect(readUses).toMatchObject([
        { type: 'tool_use', ...calls.read },
        { type: 'tool_use', ...calls.readMissing },
      ]);
      expect(blocksOf(assistants[1])).toMatchObject([{ type: 'text', text: BASH_PREAMBLE }, { type: 'tool_use', ...calls.bash }]);
      expect(blocksOf(assistants[2])).toMatchObject([{ type: 'tool_use', ...calls.write }]);
      expect(blocksOf(assistants[3])).toMatchObject([{ type: 'tool_use', ...calls.edit }]);

      // Each request ends with the results of the step before, under the ids the model gave the calls.
      const expectedResults: Array<Array<{ id: string; text: RegExp | string; isError: boolean }>> = [
        [
          { id: ids.read, text: '5829', isError: false },
          { id: ids.readMissing, text: /does not exist/i, isError: true },
        ],
        [{ id: ids.bash, text: BASH_OUTPUT, isError: false }],
        [{ id: ids.write, text: 'result.txt', isError: false }],
        [{ id: ids.edit, text: 'result.txt', isError: false }],
      ];
      expectedResults.forEach((expected, index) => {
        const last = messagesOf(requests[index + 1]).filter((message) => message.role !== 'system').at(-1);
        expect(last?.role).toBe('user');
        const results = blocksOf(last).filter((block) => block.type === 'tool_result');
        // Claude Code sends results in the order the tools finished, not the order of the calls.
        expect(results.map((result) => result.tool_use_id).sort()).toEqual(expected.map((result) => result.id).sort());
        for (const { id, text, isError } of expected) {
          const result = results.find((block) => block.tool_use_id === id);
          expect(result?.is_error ?? false, id).toBe(isError);
          expect(textOf(result?.content), id).toMatch(text);
        }
      });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'translated to an OpenAI provider: the same task, with the history sent as tool_calls and tool messages',
    async () => {
      const ids: TaskToolIds = { read: 'call_e2e_read_01', readMissing: 'call_e2e_read_01b', bash: 'call_e2e_bash_02', write: 'call_e2e_write_03', edit: 'call_e2e_edit_04' };
      const outcome = await runClaudeCodeTask({
        routes: { 'claude-*': ['osim/gpt-5'] },
        scripts: (project) => ({ osim: taskScript(project, ids) }),
      });
      const requests = expectTaskCompleted(outcome, 'osim', 5);
      const { projectDirectory } = outcome;
      const calls = taskToolCalls(projectDirectory, ids);

      expect(outcome.clientRequests.map((sent) => sent.url)).toEqual(Array(requests.length).fill('/v1/messages?beta=true'));
      for (const request of requests) {
        expect(request.method).toBe('POST');
        expect(request.path).toBe('/v1/chat/completions');
        expect(request.headers.authorization).toBe('Bearer sk-osim-test-0001');
        expectClientKeyAbsent(request);
        const body = bodyOf(request);
        expect(body.model).toBe('gpt-5');
        expect(body.stream).toBe(true);
        // Anthropic-only headers and fields stay behind.
        expect(request.headers['anthropic-beta']).toBeUndefined();
        expect(body.thinking).toBeUndefined();
        expect(body.context_management).toBeUndefined();
      }

      const tools = asArray(bodyOf(requests[0]).tools).map(asObject);
      expect(tools.length).toBeGreaterThanOrEqual(10);
      const read = tools.map((tool) => asObject(tool.function)).find((fn) => fn.name === 'Read');
      expect(tools.every((tool) => tool.type === 'function')).toBe(true);
      expect(asObject(asObject(read?.parameters).properties).file_path).toBeDefined();

      const messages = messagesOf(requests[4]);
      // System prompt first, then the user's task, then Claude Code's mid-conversation system message in place.
      expect(messages[0]?.role).toBe('system');
      expect(textOf(messages[0]?.content)).toContain('Claude');
      expect(messages[1]?.role).toBe('user');
      expect(textOf(messages[1]?.content)).toContain(TASK_PROMPT);
      expect(messages[2]?.role).toBe('system');
      expect(textOf(messages[2]?.content)).toContain(projectDirectory);

      // Every assistant turn's tool calls are answered by the very next messages: tool messages with the same ids, in call order.
      type Call = { id: string; name: string; input: Record<string, unknown> };
      const steps: Array<{ calls: Array<{ call: Call; result: RegExp | string }>; text?: string }> = [
        {
          calls: [
            { call: calls.read, result: '5829' },
            { call: calls.readMissing, result: /does not exist/i },
          ],
        },
        { calls: [{ call: calls.bash, result: BASH_OUTPUT }], text: BASH_PREAMBLE },
        { calls: [{ call: calls.write, result: 'result.txt' }] },
        { calls: [{ call: calls.edit, result: 'result.txt' }] },
      ];
      const assistantIndexes = messages.flatMap((message, index) => (message.role === 'assistant' ? [index] : []));
      expect(assistantIndexes).toHaveLength(steps.length);
      steps.forEach((step, stepIndex) => {
        const index = assistantIndexes[stepIndex] ?? -1;
        const assistant = messages[index];
        if (step.text !== undefined) expect(textOf(assistant?.content)).toBe(step.text);
        const toolCalls = asArray(assistant?.tool_calls).map(asObject);
        expect(toolCalls).toHaveLength(step.calls.length);
        step.calls.forEach(({ call, result }, callIndex) => {
          const toolCall = toolCalls[callIndex];
          const fn = asObject(toolCall?.function);
          expect(toolCall?.id).toBe(call.id);
          expect(toolCall?.type).toBe('function');
          expect(fn.name).toBe(call.name);
          // Claude Code fills in schema defaults (Edit's replace_all: false) before sending the history back.
          expect(JSON.parse(String(fn.arguments))).toMatchObject(call.input);
          const answer = messages[index + 1 + callIndex];
          expect(answer?.role).toBe('tool');
          expect(answer?.tool_call_id).toBe(call.id);
          expect(textOf(answer?.content)).toMatch(result);
        });
      });
      expect(messages.at(-1)?.role).toBe('tool');
    },
    TEST_TIMEOUT_MS,
  );
});
