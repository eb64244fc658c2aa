import { Agent, run, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ScriptRule } from '../../src/simulators/index.js';
import { startStack, type Stack } from '../support/start-stack.js';

// The OpenAI Agents SDK with its default model (the Responses API) runs a two-tool agent to the end
// through Lifeline, translated to the Anthropic simulator.

const SCRIPT: ScriptRule[] = [
  { match: { toolResultContains: '14:05', anyText: 'sunny, 21C' }, reply: { text: 'In Paris it is sunny, 21C, and the time is 14:05.' } },
  { match: { toolResultContains: 'sunny, 21C' }, reply: { toolCalls: [{ name: 'get_time', input: { city: 'Paris' } }] } },
  { match: { lastUserText: 'weather and time in Paris' }, reply: { text: 'Let me look.', toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] } },
];

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    providers: [{ name: 'asim', simulator: { format: 'anthropic', script: SCRIPT } }],
    // Whatever the SDK's default model is called, it is a gpt-* name.
    routes: { 'gpt-*': ['asim/claude-sonnet-4-5'] },
  });
  setTracingDisabled(true);
  setOpenAIAPI('responses');
  const client = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'sk-agents-client', maxRetries: 0, timeout: 10_000 });
  // @openai/agents-openai bundles its own copy of the openai package: same client, another class identity.
  setDefaultOpenAIClient(client as unknown as Parameters<typeof setDefaultOpenAIClient>[0]);
});
afterAll(async () => stack?.close());

describe('OpenAI Agents SDK through Lifeline', () => {
  it('runs a two-tool agent with its default model to the final answer on the Anthropic simulator', async () => {
    const calls: string[] = [];
    const getWeather = tool({
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        calls.push(`weather:${city}`);
        return `${city}: sunny, 21C`;
      },
    });
    const getTime = tool({
      name: 'get_time',
      description: 'Local time in a city',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        calls.push(`time:${city}`);
        return `${city}: 14:05`;
      },
    });
    const agent = new Agent({ name: 'Concierge', instructions: 'Answer with the tools.', tools: [getWeather, getTime] });
    const result = await run(agent, 'What are the weather and time in Paris?');
    expect(result.finalOutput).toBe('In Paris it is sunny, 21C, and the time is 14:05.');
    expect(calls).toEqual(['weather:Paris', 'time:Paris']);

    const requests = stack.sims.asim!.control.requests().filter((request) => request.path === '/v1/messages');
    expect(requests).toHaveLength(3);
    const last = requests.at(-1)!.body as { system?: unknown; messages: Array<{ content: Array<Record<string, unknown>> }>; tools: Array<{ name: string }> };
    expect(last.tools.map((item) => item.name).sort()).toEqual(['get_time', 'get_weather']);
    expect(JSON.stringify(last.system)).toContain('Answer with the tools.');
    const blocks = last.messages.flatMap((message) => message.content);
    const uses = blocks.filter((block) => block.type === 'tool_use').map((block) => block.id);
    expect(blocks.filter((block) => block.type === 'tool_result').map((block) => block.tool_use_id)).toEqual(uses);
    expect(uses).toHaveLength(2);
  });
});
