import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptRule } from '../../src/simulators/index.js';
import { startStack, type Stack } from '../support/start-stack.js';

// A Responses client whose turn was answered by another provider (Anthropic thinking rendered as a
// reasoning item Lifeline minted, with no encrypted_content) replays that item in its next turn —
// Codex CLI sends its whole history every turn — and the next turn goes to OpenAI, which answers
// 404 to a reasoning item it never issued. Lifeline leaves its own minted items out; OpenAI's
// own reasoning items still go to OpenAI untouched.

const THINKING = 'The user wants the capital; France, so Paris.';
const SCRIPT: ScriptRule[] = [
  { match: { lastUserText: 'and now' }, reply: { text: 'Done.' } },
  { match: { lastUserText: 'think first' }, reply: { thinking: THINKING, text: 'Paris.' } },
];

let stack: Stack | undefined;
beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'osim', simulator: { format: 'openai', script: SCRIPT } },
      { name: 'asim', simulator: { format: 'anthropic', script: SCRIPT } },
    ],
    routes: { 'think-anthropic': ['asim/claude-sonnet-4-5'], 'think-openai': ['osim/gpt-5-mini'] },
  });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  for (const sim of Object.values(stack!.sims)) sim.control.clearRequests();
});

const client = () => new OpenAI({ baseURL: stack!.openaiBaseUrl, apiKey: 'sk-client-0001', maxRetries: 0, timeout: 10_000 });
const reasoningItems = (output: readonly OpenAI.Responses.ResponseOutputItem[]) => output.filter((item) => item.type === 'reasoning');

/** The input items the OpenAI simulator last received. */
function inputSeenByOpenai(): Array<Record<string, unknown>> {
  const requests = stack!.sims.osim!.control.requests();
  return (requests.at(-1)?.body as { input: Array<Record<string, unknown>> }).input;
}

async function thinkOnAnthropic(store: boolean): Promise<OpenAI.Responses.Response> {
  const first = await client().responses.create({ model: 'think-anthropic', input: 'think first', store });
  const [reasoning] = reasoningItems(first.output);
  expect(reasoning?.id).toMatch(/^rs_lifeline_/);
  expect(reasoning).not.toHaveProperty('encrypted_content');
  return first;
}

describe('reasoning Lifeline rendered, replayed to OpenAI', () => {
  it('the OpenAI simulator refuses a reasoning item it never issued, as the API does', async () => {
    const response = await fetch(`${stack!.sims.osim!.url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-5-mini', store: false, input: [{ type: 'reasoning', id: 'rs_lifeline_00', summary: [] }, { role: 'user', content: 'and now' }] }),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("Item with id 'rs_lifeline_00' not found. Items are not persisted when `store` is set to false");
  });

  it('a replayed history (as Codex sends it) reaches OpenAI without the minted item, and is answered', async () => {
    const first = await thinkOnAnthropic(false);
    const second = await client().responses.create({
      model: 'think-openai',
      store: false,
      input: [{ role: 'user', content: 'think first' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'and now' }],
    });
    expect(second.output_text).toBe('Done.');
    const seen = inputSeenByOpenai();
    expect(seen.some((item) => item.type === 'reasoning')).toBe(false);
    // Everything else of the history went on: the first question, the answer, the new question.
    expect(JSON.stringify(seen)).toContain('think first');
    expect(JSON.stringify(seen)).toContain('Paris.');
    expect(JSON.stringify(seen)).toContain('and now');
  });

  it('a previous_response_id naming an answer with minted reasoning is expanded without it', async () => {
    const first = await thinkOnAnthropic(true);
    const second = await client().responses.create({ model: 'think-openai', previous_response_id: first.id, input: 'and now' });
    expect(second.output_text).toBe('Done.');
    expect(inputSeenByOpenai().some((item) => item.type === 'reasoning')).toBe(false);
  });

  it("OpenAI's own reasoning items still go back to OpenAI", async () => {
    const first = await client().responses.create({ model: 'think-openai', input: 'think first', store: false });
    const [reasoning] = reasoningItems(first.output);
    expect(reasoning?.id).toMatch(/^rs_(?!lifeline_)/);
    const second = await client().responses.create({
      model: 'think-openai',
      store: false,
      input: [{ role: 'user', content: 'think first' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'and now' }],
    });
    expect(second.output_text).toBe('Done.');
    expect(inputSeenByOpenai().filter((item) => item.type === 'reasoning').map((item) => item.id)).toEqual([reasoning!.id]);
  });
});
