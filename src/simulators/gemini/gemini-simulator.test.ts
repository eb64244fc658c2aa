import { GoogleGenAI, ApiError } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../index.js';

// The Gemini simulator against the official @google/genai SDK: it must accept exactly what the SDK sends.

let sim: SimulatorHandle;
const KEY = 'AIzaSy-sim-test-key-000000000000000001';

beforeAll(async () => {
  sim = await startSimulator({
    format: 'gemini',
    keys: [KEY],
    script: [
      { match: { lastMessageIsToolResult: true }, reply: { text: 'It is sunny in Paris.' } },
      { match: { lastUserText: 'weather' }, reply: { toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] } },
      { match: { lastUserText: 'blocked prompt' }, reply: { stopReason: 'PROMPT_BLOCKED' } },
      { match: { lastUserText: 'unsafe' }, reply: { text: 'never shown', stopReason: 'SAFETY' } },
      { reply: { text: 'Hello from the simulated Gemini, in several pieces.', thinking: 'Thinking about it.' } },
    ],
  });
});
afterAll(() => sim.close());

const client = (apiKey = KEY) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: sim.url } });

describe('the Gemini simulator with @google/genai', () => {
  it('answers generateContent with x-goog-api-key, and records the SDK path', async () => {
    const response = await client().models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello', config: { systemInstruction: 'be brief' } });
    expect(response.text).toBe('Hello from the simulated Gemini, in several pieces.');
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
    const recorded = sim.control.requests().at(-1)!;
    expect(recorded.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(recorded.headers['x-goog-api-key']).toBe(KEY);
  });

  it('streams with alt=sse and sends thoughts only when asked for', async () => {
    const stream = await client().models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hello', config: { thinkingConfig: { includeThoughts: true } } });
    let text = '';
    let thoughts = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
        if (part.thought) thoughts += part.text ?? '';
        else text += part.text ?? '';
      }
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text).toBe('Hello from the simulated Gemini, in several pieces.');
    expect(thoughts).toBe('Thinking about it.');
    expect(sim.control.requests().at(-1)!.query).toBe('alt=sse');
  });

  it('makes a function call with a thought signature and takes the response back (Gemini 3 checks it)', async () => {
    const tools = [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } } }] }];
    const first = await client().models.generateContent({ model: 'gemini-3-pro-preview', contents: 'weather in Paris?', config: { tools } });
    const call = first.candidates![0]!.content!.parts![0]!;
    expect(call.functionCall).toEqual({ name: 'get_weather', args: { city: 'Paris' } });
    expect(call.thoughtSignature).toMatch(/^CiQB/);
    const history = [
      { role: 'user', parts: [{ text: 'weather in Paris?' }] },
      { role: 'model', parts: [call] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'sunny' } } }] },
    ];
    const second = await client().models.generateContent({ model: 'gemini-3-pro-preview', contents: history, config: { tools } });
    expect(second.text).toBe('It is sunny in Paris.');
    const unsigned = [history[0]!, { role: 'model', parts: [{ functionCall: call.functionCall! }] }, history[2]!];
    const refused = await client().models.generateContent({ model: 'gemini-3-pro-preview', contents: unsigned, config: { tools } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(400);
    expect((refused as ApiError).message).toContain('missing a thought_signature');
  });

  it('blocks for safety without an error status: a SAFETY finish, or a blocked prompt with no candidates', async () => {
    const stopped = await client().models.generateContent({ model: 'gemini-2.5-flash', contents: 'unsafe please' });
    expect(stopped.candidates?.[0]?.finishReason).toBe('SAFETY');
    expect(stopped.text).toBeUndefined();
    const blocked = await client().models.generateContent({ model: 'gemini-2.5-flash', contents: 'blocked prompt' });
    expect(blocked.candidates).toBeUndefined();
    expect(blocked.promptFeedback?.blockReason).toBe('SAFETY');
  });

  it('counts tokens, and refuses a wrong key with API_KEY_INVALID', async () => {
    const counted = await client().models.countTokens({ model: 'gemini-2.5-flash', contents: 'count these words please' });
    expect(counted.totalTokens).toBeGreaterThan(0);
    const error = await client('AIzaSy-wrong').models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }).catch((caught: unknown) => caught);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain('API_KEY_INVALID');
  });

  it('answers a status fault in Google\'s envelope with RetryInfo', async () => {
    sim.control.addFault({ kind: 'status', status: 429 });
    const error = await client().models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }).catch((caught: unknown) => caught);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).message).toContain('RESOURCE_EXHAUSTED');
    expect((error as ApiError).message).toContain('retryDelay');
  });
});
