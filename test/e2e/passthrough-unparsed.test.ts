import { describe, expect, it } from 'vitest';
import { useTranslationMatrixStack } from '../support/translation-matrix-stack.js';

// A same-format route forwards the client's bytes without parsing the conversation: what Lifeline
// still refuses itself (malformed JSON, a wrong top-level field) never reaches the provider; a
// mistake deep inside a message is left to the provider, whose error comes back in the caller's
// shape. A translated route still validates everything first.

const stackOf = useTranslationMatrixStack();

async function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${stackOf().lifeline.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const anthropic = (body: string) => post('/v1/messages', body, { 'x-api-key': 'sk-client', 'anthropic-version': '2023-06-01' });
const openai = (body: string) => post('/v1/chat/completions', body, { authorization: 'Bearer sk-client' });

describe('same-format passthrough without parsing the conversation', () => {
  it('forwards the body as sent, with only the model replaced, fields in their order and unknown ones kept', async () => {
    const body = { messages: [{ role: 'user', content: [{ type: 'text', text: 'Say "hi" \\ twice\n' }] }], zz_unknown: { a: [1, null] }, model: 'claude-alias', max_tokens: 64 };
    const answer = await anthropic(JSON.stringify(body, null, 2));
    expect(answer.status).toBe(200);
    const [recorded] = stackOf().sims.asim!.control.requests();
    expect(recorded?.body).toEqual({ ...body, model: 'claude-sonnet-4-6' });
    expect(Object.keys(recorded?.body as object)).toEqual(['messages', 'zz_unknown', 'model', 'max_tokens']);
  });

  it('leaves a mistake deep inside a message to the provider, whose error comes back in the caller\'s shape', async () => {
    const deep = JSON.stringify({ model: 'claude-alias', max_tokens: 64, messages: [{ role: 'user', content: 42 }] });
    const answer = await anthropic(deep);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(stackOf().sims.asim!.control.requests()).toHaveLength(1);

    const openaiDeep = JSON.stringify({ model: 'gpt-alias', messages: [{ role: 'user', content: 42 }] });
    const fromOpenai = await openai(openaiDeep);
    expect(fromOpenai.status).toBe(400);
    expect(fromOpenai.json).toMatchObject({ error: { type: 'invalid_request_error', param: 'messages[0].content' } });
    expect(stackOf().sims.osim!.control.requests()).toHaveLength(1);
  });

  it('validates the same conversation in full first when the route translates it, and sends nothing', async () => {
    const deep = JSON.stringify({ model: 'claude-via-openai', max_tokens: 64, messages: [{ role: 'user', content: 42 }] });
    const answer = await anthropic(deep);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(stackOf().sims.osim!.control.requests()).toHaveLength(0);
  });

  it('refuses malformed JSON and wrong top-level fields itself, before anything goes upstream', async () => {
    for (const body of [
      '{"model":"claude-alias","max_tokens":64,"messages":[{"role":"user","content":"hi"}]',
      '{"model":"claude-alias","max_tokens":64,"messages":[{"role":"user","content":"line\nbreak"}]}',
      '{"model":"claude-alias","max_tokens":"ten","messages":[{"role":"user","content":"hi"}]}',
      '{"model":"claude-alias","max_tokens":64,"messages":[]}',
      '{"model":"claude-alias","max_tokens":64,"stream":"yes","messages":[{"role":"user","content":"hi"}]}',
    ]) {
      const answer = await anthropic(body);
      expect(answer.status, body).toBe(400);
      expect(answer.json, body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    }
    const answer = await openai('{"model":"gpt-alias","temperature":"hot","messages":[{"role":"user","content":"hi"}]}');
    expect(answer.json).toMatchObject({ error: { param: 'temperature' } });
    expect(stackOf().sims.asim!.control.requests()).toHaveLength(0);
    expect(stackOf().sims.osim!.control.requests()).toHaveLength(0);
  });

  it('checks a body that arrives in many chunks as it comes, forwards it byte for byte, and still refuses one malformed at its very end', async () => {
    const text = JSON.stringify({ model: 'claude-alias', max_tokens: 64, messages: [{ role: 'user', content: `${'é "quoted" \\ line\n'.repeat(40_000)}` }] });
    const inChunks = async (body: string) => {
      const bytes = Buffer.from(body);
      // Cuts that fall inside strings, escapes and multi-byte characters alike.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 7_777) controller.enqueue(bytes.subarray(at, at + 7_777));
          controller.close();
        },
      });
      const response = await fetch(`${stackOf().lifeline.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-client', 'anthropic-version': '2023-06-01' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const refused = await inChunks(`${text.slice(0, -1)},}`);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(stackOf().sims.asim!.control.requests()).toHaveLength(0);
    const answer = await inChunks(text);
    expect(answer.status).toBe(200);
    const [recorded] = stackOf().sims.asim!.control.requests();
    expect(recorded?.body).toEqual({ ...(JSON.parse(text) as object), model: 'claude-sonnet-4-6' });
  });
});
