import { describe, expect, it } from 'vitest';
import type { RecordedRequest, ScriptRule } from '../../src/simulators/index.js';
import { FINAL_ANSWER, taskScript, taskToolCalls, type TaskToolIds } from '../support/claude-code-task.js';
import { expectTaskSucceeded, runClaudeCodeTask } from '../support/claude-code-task-run.js';
import type { TappedRequest } from '../support/claude-code-tap.js';
import { createTestServiceAccount } from '../support/google-service-account.js';
import type { Stack } from '../support/start-stack.js';

// Issue 12's drill: the real Claude Code CLI on a multi-step task (Read with thinking → Bash →
// Write → Edit → answer) through a route of the same Claude on several clouds, then another model.
// The Anthropic API goes away mid-session and the task goes on at the next cloud with the
// conversation, signed thinking blocks included, byte for byte; then that cloud goes away too and
// the task finishes on the next target.

const TEST_TIMEOUT_MS = 150_000;
const THINKING = 'Two files to read first: input.txt has the numbers; notes.txt may hold a hint.';
const ANTHROPIC_IDS: TaskToolIds = { read: 'toolu_cd_read', readMissing: 'toolu_cd_missing', bash: 'toolu_cd_bash', write: 'toolu_cd_write', edit: 'toolu_cd_edit' };
const CLOUD_IDS: TaskToolIds = { read: 'toolu_cl_read', readMissing: 'toolu_cl_missing', bash: 'toolu_cl_bash', write: 'toolu_cl_write', edit: 'toolu_cl_edit' };
const SECOND_CLOUD_IDS: TaskToolIds = { read: 'toolu_c2_read', readMissing: 'toolu_c2_missing', bash: 'toolu_c2_bash', write: 'toolu_c2_write', edit: 'toolu_c2_edit' };
const OPENAI_IDS: TaskToolIds = { read: 'call_cd_read', readMissing: 'call_cd_missing', bash: 'call_cd_bash', write: 'call_cd_write', edit: 'call_cd_edit' };

type Json = Record<string, unknown>;

/**
 * The model the CLI is told to use (`ANTHROPIC_MODEL`): one the Claude model table knows on every
 * cloud, so `bedrock/*` and `foundry/*` send that cloud's own id for the same model. (The CLI's own
 * default, claude-opus-5-5, is newer than the table; a user would add it to `model_map`.)
 */
const CLI_MODEL = 'claude-opus-4-7';
const CLI_ENV = { ANTHROPIC_MODEL: CLI_MODEL };
const AWS_KEY = { accessKeyId: 'AKIACLOUDDRILL000001', secretAccessKey: 'cloud-drill-aws-secret-key-0000000000001' };

/** Outages only: a hedge (on by default) could send a slow step to the next cloud as well and blur who answered what. */
const NO_HEDGING = { resilience: { hedging: { enabled: false } } };

const GOOGLE_ACCOUNT = createTestServiceAccount('cloud-drill');

const isGeneration = (path: string) => path.endsWith('/v1/messages') || path.endsWith('/chat/completions') || /^\/model\/[^/]+\/invoke/.test(path) || /:(stream)?[rR]awPredict$/.test(path);
const generations = (requests: readonly RecordedRequest[] | undefined) => (requests ?? []).filter((request) => request.method === 'POST' && isGeneration(request.path));
const messagesOf = (body: unknown): Json[] => ((body as { messages?: Json[] }).messages ?? []) as Json[];

/** The CLI's own generation requests to Lifeline, parsed. */
function cliGenerations(requests: TappedRequest[]): Json[] {
  return requests.filter((request) => request.method === 'POST' && request.url.startsWith('/v1/messages') && !request.url.includes('count_tokens')).map((request) => JSON.parse(request.body) as Json);
}

/**
 * Stops provider `name` accepting connections once `count` of its streamed answers have ended
 * (Lifeline's own stream-end event): a request's own answer is never cut, the next one finds it gone.
 */
function goesAwayAfter(stack: Stack, name: string, count: number): () => void {
  let ended = 0;
  const subscription = stack.lifeline.services.gateway.events.onStreamEnd((event) => {
    if (event.provider !== name || event.outcome !== 'complete' || ++ended !== count) return;
    void stack.sims[name]!.control.refuseConnections();
  });
  return () => subscription.dispose();
}

/** The thinking blocks of a request's assistant turns, as sent. */
function thinkingBlocks(body: unknown): Json[] {
  return messagesOf(body)
    .filter((message) => message.role === 'assistant' && Array.isArray(message.content))
    .flatMap((message) => (message.content as Json[]).filter((block) => block.type === 'thinking'));
}

/** A cloud's rules for the steps it joins at: each demands the earlier, signed history (the thinking block and the Bash call). */
function strictCloudScript(project: string, ids: TaskToolIds): ScriptRule[] {
  const calls = taskToolCalls(project, ids);
  const history = { lastMessageIsToolResult: true, lastUserText: 'LIFELINE-E2E-TASK', anyText: 's += $1' } as const;
  return [
    { match: { ...history, toolResultContains: 'result.txt', minTurns: 4 }, reply: { text: FINAL_ANSWER } },
    { match: { ...history, toolResultContains: 'result.txt', minTurns: 3 }, reply: { toolCalls: [calls.edit] } },
    { match: { ...history, toolResultContains: 'sum-of-input=10451', minTurns: 2 }, reply: { toolCalls: [calls.write] } },
  ];
}

describe('Claude Code cloud drill', () => {
  it(
    'anthropic → foundry → openai: Anthropic goes away after two steps, Foundry carries on with the signed thinking intact, then goes away too and OpenAI finishes',
    async () => {
      const outcome = await runClaudeCodeTask({
        providers: [
          { name: 'asim', simulator: { format: 'anthropic' } },
          { name: 'foundry', azure: { service: 'foundry' }, simulator: { format: 'anthropic' } },
          { name: 'osim', simulator: { format: 'openai' } },
        ],
        routes: { 'claude-*': ['asim/*', 'foundry/*', 'osim/gpt-5'] },
        config: NO_HEDGING,
        cliEnv: CLI_ENV,
        scripts: (project) => ({
          asim: taskScript(project, ANTHROPIC_IDS, { thinking: THINKING }),
          foundry: strictCloudScript(project, CLOUD_IDS),
          osim: strictCloudScript(project, OPENAI_IDS),
        }),
        duringRun: (stack: Stack) => {
          const stops = [goesAwayAfter(stack, 'asim', 2), goesAwayAfter(stack, 'foundry', 1)];
          return () => stops.forEach((stop) => stop());
        },
      });
      const context = expectTaskSucceeded(outcome);
      const cli = cliGenerations(outcome.clientRequests);
      // One request per step: the CLI never saw an error to retry.
      expect(cli, context).toHaveLength(5);
      const anthropic = generations(outcome.requestsBySim.asim);
      const foundry = generations(outcome.requestsBySim.foundry);
      const openai = generations(outcome.requestsBySim.osim);
      expect([anthropic.length, foundry.length, openai.length], context).toEqual([2, 1, 2]);

      // Foundry got the CLI's third request as the CLI sent it (same-format passthrough): the
      // signed thinking block of turn 1 and every tool call and result, byte for byte.
      const sent = cli[2]!;
      const atFoundry = foundry[0]!;
      expect(atFoundry.path).toBe('/anthropic/v1/messages');
      expect(messagesOf(atFoundry.body)).toEqual(messagesOf(sent));
      const thinking = thinkingBlocks(atFoundry.body);
      expect(thinking).toHaveLength(1);
      expect(thinking[0]).toMatchObject({ type: 'thinking', thinking: THINKING, signature: expect.any(String) });
      expect(thinking[0]).toEqual(thinkingBlocks(generations(outcome.requestsBySim.asim)[1]!.body)[0]);

      // OpenAI, joining after both clouds, gets the whole history translated under the original ids.
      const translated = messagesOf(openai[0]!.body);
      expect(translated.filter((message) => message.role === 'tool').map((message) => message.tool_call_id)).toEqual([
        ANTHROPIC_IDS.read,
        ANTHROPIC_IDS.readMissing,
        ANTHROPIC_IDS.bash,
        CLOUD_IDS.write,
      ]);
      console.log(`[cloud-drill] anthropic → foundry → openai: ${anthropic.length} + ${foundry.length} + ${openai.length} steps, task done in ${outcome.run.durationMs} ms`);
    },
    TEST_TIMEOUT_MS,
  );
  it(
    'anthropic → bedrock → vertex → openai: Anthropic goes away after two steps, Bedrock carries on with the signed thinking intact, then goes away too and Vertex finishes',
    async () => {
      const outcome = await runClaudeCodeTask({
        providers: [
          { name: 'asim', simulator: { format: 'anthropic' } },
          {
            name: 'bedrock',
            simulator: { format: 'bedrock', aws: { region: 'us-east-1', credentials: [AWS_KEY] } },
            keys: [],
            extra: { region: 'us-east-1', access_key_id: AWS_KEY.accessKeyId, secret_access_key: AWS_KEY.secretAccessKey },
          },
          {
            name: 'vertex',
            type: 'vertex',
            simulator: { format: 'vertex', google: { serviceAccountKeys: { [GOOGLE_ACCOUNT.email]: GOOGLE_ACCOUNT.publicKeyPem }, projects: ['drill-project'] } },
            keys: [],
            extra: (sim) => ({ project: 'drill-project', region: 'us-east5', credentials_file: GOOGLE_ACCOUNT.writeKeyFile(`${sim.url}/token`, { projectId: 'drill-project' }) }),
          },
          { name: 'osim', simulator: { format: 'openai' } },
        ],
        routes: { 'claude-*': ['asim/*', 'bedrock/*', 'vertex/*', 'osim/gpt-5'] },
        config: NO_HEDGING,
        cliEnv: CLI_ENV,
        scripts: (project) => ({
          asim: taskScript(project, ANTHROPIC_IDS, { thinking: THINKING }),
          bedrock: strictCloudScript(project, CLOUD_IDS),
          vertex: strictCloudScript(project, SECOND_CLOUD_IDS),
          osim: strictCloudScript(project, OPENAI_IDS),
        }),
        duringRun: (stack: Stack) => {
          const stops = [goesAwayAfter(stack, 'asim', 2), goesAwayAfter(stack, 'bedrock', 1)];
          return () => stops.forEach((stop) => stop());
        },
      });
      const context = expectTaskSucceeded(outcome);
      const cli = cliGenerations(outcome.clientRequests);
      expect(cli, context).toHaveLength(5);
      const anthropic = generations(outcome.requestsBySim.asim);
      const bedrock = generations(outcome.requestsBySim.bedrock);
      const vertex = generations(outcome.requestsBySim.vertex);
      expect([anthropic.length, bedrock.length, vertex.length, generations(outcome.requestsBySim.osim).length], context).toEqual([2, 1, 2, 0]);

      // Bedrock got the CLI's third request's conversation unchanged, the signed thinking block included,
      // at its own path for the model's Bedrock id, signed with the AWS key.
      const atBedrock = bedrock[0]!;
      expect(atBedrock.path).toBe(`/model/${encodeURIComponent(`anthropic.${CLI_MODEL}`)}/invoke-with-response-stream`);
      expect(atBedrock.headers.authorization).toContain(`Credential=${AWS_KEY.accessKeyId}/`);
      expect(messagesOf(atBedrock.body)).toEqual(messagesOf(cli[2]));
      const signed = thinkingBlocks(anthropic[1]!.body)[0];
      expect(signed).toMatchObject({ type: 'thinking', thinking: THINKING, signature: expect.any(String) });
      expect(thinkingBlocks(atBedrock.body)).toEqual([signed]);

      // Vertex, after both, got the CLI's own fourth and fifth conversations at :streamRawPredict for its
      // own id of the model, thinking and Bedrock's call included.
      expect(vertex[0]!.path).toBe(`/v1/projects/drill-project/locations/us-east5/publishers/anthropic/models/${CLI_MODEL}:streamRawPredict`);
      expect(vertex[0]!.headers.authorization).toMatch(/^Bearer /);
      for (const [index, request] of vertex.entries()) {
        expect(messagesOf(request.body)).toEqual(messagesOf(cli[3 + index]));
        expect(thinkingBlocks(request.body)).toEqual([signed]);
      }
      const vertexResults = messagesOf(vertex[0]!.body).flatMap((message) => (Array.isArray(message.content) ? (message.content as Json[]) : [])).filter((block) => block.type === 'tool_result');
      // The two parallel Reads come back in the order they finished.
      expect(vertexResults.map((block) => String(block.tool_use_id)).sort()).toEqual([ANTHROPIC_IDS.read, ANTHROPIC_IDS.readMissing, ANTHROPIC_IDS.bash, CLOUD_IDS.write].sort());
      console.log(`[cloud-drill] anthropic → bedrock → vertex → openai: ${anthropic.length} + ${bedrock.length} + ${vertex.length} steps, task done in ${outcome.run.durationMs} ms`);
    },
    TEST_TIMEOUT_MS,
  );
});
