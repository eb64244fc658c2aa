import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest, ScriptRule, SimulatorHandle } from '../../src/simulators/index.js';
import { CODEX_CLIENT_KEY, runCodex, type CodexRun } from '../support/codex-cli.js';
import { startStack, type Stack } from '../support/start-stack.js';

// The real Codex CLI (`codex exec`, headless) through Lifeline's /v1/responses: a scripted task that
// runs shell commands through Codex's own exec_command tool, on each provider type, and through an
// outage of the OpenAI provider in the middle of the session.

const TEST_TIMEOUT_MS = 90_000;
const MODEL = 'gpt-5-codex';
const FILE_TEXT = 'hello from codex through lifeline';
const FINAL = 'Created notes/hello.txt and checked it. TASK-DONE';
const PROMPT = 'LIFELINE-CODEX-TASK: create notes/hello.txt with a greeting, then count its words.';

/** Step 1 writes the file; step 2 (after its output) counts words; step 3 ends. Each step demands the previous output. */
function taskScript(): ScriptRule[] {
  return [
    { match: { toolResultContains: '5 notes/hello.txt', anyText: 'mkdir -p notes' }, reply: { text: FINAL } },
    { match: { toolResultContains: FILE_TEXT, lastMessageIsToolResult: true }, reply: { text: 'Now counting words.', toolCalls: [{ name: 'exec_command', input: { cmd: 'wc -w notes/hello.txt' } }] } },
    { match: { lastUserText: 'LIFELINE-CODEX-TASK' }, reply: { text: 'Creating the file.', toolCalls: [{ name: 'exec_command', input: { cmd: `mkdir -p notes && echo '${FILE_TEXT}' > notes/hello.txt && cat notes/hello.txt` } }] } },
  ];
}

let stack: Stack | undefined;
let project: string | undefined;
afterEach(async () => {
  await stack?.close();
  if (project) await rm(project, { recursive: true, force: true });
  stack = undefined;
  project = undefined;
});

async function start(routes: Record<string, string[]>): Promise<Stack> {
  stack = await startStack({
    providers: [
      { name: 'osim', simulator: { format: 'openai', script: taskScript() } },
      { name: 'asim', simulator: { format: 'anthropic', script: taskScript() } },
    ],
    routes,
  });
  project = await mkdtemp(join(tmpdir(), 'lifeline-codex-project-'));
  return stack;
}

function generations(sim: SimulatorHandle): RecordedRequest[] {
  return sim.control.requests().filter((request) => request.method === 'POST' && /\/(messages|chat\/completions|responses)$/.test(request.path));
}

async function expectTaskDone(run: CodexRun): Promise<void> {
  const context = `exit ${run.exitCode}, timed out ${run.timedOut}\nstdout: ${run.stdout.slice(-3000)}\nstderr: ${run.stderr.slice(-2000)}`;
  expect(run.timedOut, context).toBe(false);
  expect(run.exitCode, context).toBe(0);
  expect(run.lastMessage, context).toContain('TASK-DONE');
  expect(await readFile(join(project!, 'notes/hello.txt'), 'utf8')).toBe(`${FILE_TEXT}\n`);
}

/** Every Anthropic tool_use in a Messages body, and every tool_result, by id. */
function anthropicToolTrail(body: unknown): { uses: string[]; results: string[]; resultText: string } {
  const messages = (body as { messages: Array<{ content: unknown }> }).messages;
  const blocks = messages.flatMap((message) => (Array.isArray(message.content) ? (message.content as Array<Record<string, unknown>>) : []));
  return {
    uses: blocks.filter((block) => block.type === 'tool_use').map((block) => String(block.id)),
    results: blocks.filter((block) => block.type === 'tool_result').map((block) => String(block.tool_use_id)),
    resultText: JSON.stringify(blocks.filter((block) => block.type === 'tool_result')),
  };
}

describe('Codex CLI through Lifeline', () => {
  it(
    'finishes the shell task translated to the Anthropic simulator, with call ids paired across turns',
    async () => {
      const { openaiBaseUrl, sims } = await start({ [MODEL]: ['asim/claude-sonnet-4-5'] });
      const run = await runCodex({ baseUrl: openaiBaseUrl, model: MODEL, prompt: PROMPT, cwd: project! });
      await expectTaskDone(run);
      const requests = generations(sims.asim!);
      expect(requests).toHaveLength(3);
      // Lifeline's own key goes upstream, never Codex's.
      expect(JSON.stringify(requests.map((request) => request.headers))).not.toContain(CODEX_CLIENT_KEY);
      const trail = anthropicToolTrail(requests.at(-1)!.body);
      expect(trail.uses).toHaveLength(2);
      expect(trail.results).toEqual(trail.uses);
      expect(trail.resultText).toContain(FILE_TEXT);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'finishes the shell task on the OpenAI simulator, its Responses requests passed through untouched',
    async () => {
      const { openaiBaseUrl, sims } = await start({ [MODEL]: ['osim/gpt-5'] });
      const run = await runCodex({ baseUrl: openaiBaseUrl, model: MODEL, prompt: PROMPT, cwd: project! });
      await expectTaskDone(run);
      const requests = generations(sims.osim!);
      expect(requests.map((request) => request.path)).toEqual(['/v1/responses', '/v1/responses', '/v1/responses']);
      expect(generations(sims.asim!)).toHaveLength(0);
      // What only a Responses provider can use reaches it: hosted tools, the encrypted-reasoning include, Codex's metadata.
      const last = requests.at(-1)!.body as { model: string; tools: Array<{ type: string }>; include: string[]; client_metadata?: unknown; input: Array<{ type?: string }> };
      expect(last.model).toBe('gpt-5');
      expect(last.tools.map((tool) => tool.type)).toContain('web_search');
      expect(last.include).toContain('reasoning.encrypted_content');
      expect(last.client_metadata).toBeDefined();
      expect(last.input.filter((item) => item.type === 'function_call_output')).toHaveLength(2);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'outage drill: the OpenAI simulator goes away after the first turn and the Anthropic simulator finishes with the whole history',
    async () => {
      const { openaiBaseUrl, sims } = await start({ [MODEL]: ['osim/gpt-5', 'asim/claude-sonnet-4-5'] });
      const osim = sims.osim!;
      // As soon as the OpenAI simulator has answered the first turn (the file-writing call), it stops accepting connections.
      const watcher = setInterval(() => {
        if (generations(osim).length >= 1) {
          clearInterval(watcher);
          void osim.control.refuseConnections();
        }
      }, 1);
      try {
        const run = await runCodex({ baseUrl: openaiBaseUrl, model: MODEL, prompt: PROMPT, cwd: project! });
        await expectTaskDone(run);
      } finally {
        clearInterval(watcher);
      }
      expect(generations(osim)).toHaveLength(1);
      const fallback = generations(sims.asim!);
      expect(fallback).toHaveLength(2);
      // The fallback's first request carries the call the OpenAI simulator made and Codex's output for it, paired.
      const first = anthropicToolTrail(fallback[0]!.body);
      expect(first.uses).toHaveLength(1);
      expect(first.uses[0]).toMatch(/^call_/);
      expect(first.results).toEqual(first.uses);
      expect(first.resultText).toContain(FILE_TEXT);
      const last = anthropicToolTrail(fallback[1]!.body);
      expect(last.results).toEqual(last.uses);
      expect(last.uses).toHaveLength(2);
    },
    TEST_TIMEOUT_MS,
  );
});
