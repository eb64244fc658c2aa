import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** Lifeline's answer headers a test looks at. */
export interface LifelineAnswerHeaders {
  target: string | null;
  attempts: string | null;
  failovers: string | null;
}

/** What an official SDK client saw of one successful call, streaming or not. */
export interface SdkObservation {
  text: string;
  /** The body's `model` (for streams: message_start's / the chunks'). */
  model: string;
  /** Anthropic `stop_reason` or OpenAI `finish_reason`. */
  stopReason: string | null | undefined;
  headers: LifelineAnswerHeaders;
  /**
   * Streams only (empty otherwise): Anthropic event types counted (`message_start`, `message_stop`, ...);
   * OpenAI `finish` (chunks carrying a finish_reason) and `usage` (chunks carrying usage).
   */
  counts: Record<string, number>;
  durationMs: number;
}

/** Which official SDK a test drives (`responses`: the OpenAI SDK on the Responses API). */
export type SdkClient = 'anthropic' | 'openai' | 'responses';

function pickHeaders(headers: Headers): LifelineAnswerHeaders {
  return { target: headers.get('x-lifeline-target'), attempts: headers.get('x-lifeline-attempts'), failovers: headers.get('x-lifeline-failovers') };
}

/** An Anthropic SDK client that never retries on its own, so what a test sees is Lifeline's doing. */
export function anthropicClient(baseUrl: string): Anthropic {
  return new Anthropic({ baseURL: baseUrl, apiKey: 'sk-client-not-forwarded', maxRetries: 0 });
}

/** An OpenAI SDK client that never retries on its own. */
export function openaiClient(baseUrl: string): OpenAI {
  return new OpenAI({ baseURL: baseUrl, apiKey: 'sk-client-not-forwarded', maxRetries: 0 });
}

/** One user message through the Anthropic SDK; rejects with the SDK's APIError when Lifeline fails. */
export async function askAnthropic(baseUrl: string, model: string, stream: boolean, prompt = 'Tell me the scripted answer.'): Promise<SdkObservation> {
  const client = anthropicClient(baseUrl);
  const params = { model, max_tokens: 512, messages: [{ role: 'user' as const, content: prompt }] };
  const startedAt = performance.now();
  const textOf = (message: Anthropic.Message) => message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  if (!stream) {
    const { data, response } = await client.messages.create(params).withResponse();
    return { text: textOf(data), model: data.model, stopReason: data.stop_reason, headers: pickHeaders(response.headers), counts: {}, durationMs: performance.now() - startedAt };
  }
  const counts: Record<string, number> = {};
  const messageStream = client.messages.stream(params);
  messageStream.on('streamEvent', (event) => (counts[event.type] = (counts[event.type] ?? 0) + 1));
  const { response } = await messageStream.withResponse();
  const message = await messageStream.finalMessage();
  return {
    text: textOf(message),
    model: message.model,
    stopReason: message.stop_reason,
    headers: pickHeaders(response.headers),
    counts,
    durationMs: performance.now() - startedAt,
  };
}

/** One user message through the OpenAI SDK; rejects with the SDK's APIError when Lifeline fails. */
export async function askOpenai(baseUrl: string, model: string, stream: boolean, prompt = 'Tell me the scripted answer.'): Promise<SdkObservation> {
  const client = openaiClient(baseUrl);
  const messages = [{ role: 'user' as const, content: prompt }];
  const startedAt = performance.now();
  if (!stream) {
    const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
    const choice = data.choices[0];
    return {
      text: choice?.message.content ?? '',
      model: data.model,
      stopReason: choice?.finish_reason,
      headers: pickHeaders(response.headers),
      counts: {},
      durationMs: performance.now() - startedAt,
    };
  }
  const { data: chunks, response } = await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } }).withResponse();
  let text = '';
  let chunkModel = '';
  let finishReason: string | null | undefined;
  const counts: Record<string, number> = { finish: 0, usage: 0 };
  for await (const chunk of chunks) {
    chunkModel = chunk.model;
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.choices[0]?.finish_reason) {
      finishReason = chunk.choices[0].finish_reason;
      counts.finish = (counts.finish ?? 0) + 1;
    }
    if (chunk.usage) counts.usage = (counts.usage ?? 0) + 1;
  }
  return { text, model: chunkModel, stopReason: finishReason, headers: pickHeaders(response.headers), counts, durationMs: performance.now() - startedAt };
}

/**
 * One user message through the OpenAI SDK's Responses API (`responses.create`, or `responses.stream`,
 * whose accumulator checks the event order). `stopReason` is the response's `status`; stream counts
 * are per event type.
 */
export async function askResponses(baseUrl: string, model: string, stream: boolean, prompt = 'Tell me the scripted answer.'): Promise<SdkObservation> {
  const client = openaiClient(baseUrl);
  const startedAt = performance.now();
  if (!stream) {
    const { data, response } = await client.responses.create({ model, input: prompt }).withResponse();
    return { text: data.output_text, model: data.model, stopReason: data.status, headers: pickHeaders(response.headers), counts: {}, durationMs: performance.now() - startedAt };
  }
  // The stream helper has no withResponse(): a fetch that keeps the answer gives its headers.
  let answered: Response | undefined;
  const keeping = new OpenAI({
    baseURL: baseUrl,
    apiKey: 'sk-client-not-forwarded',
    maxRetries: 0,
    fetch: async (input, init) => (answered = await fetch(input, init)),
  });
  const counts: Record<string, number> = {};
  const responseStream = keeping.responses.stream({ model, input: prompt });
  responseStream.on('event', (event) => (counts[event.type] = (counts[event.type] ?? 0) + 1));
  const final = await responseStream.finalResponse();
  return { text: final.output_text, model: final.model, stopReason: final.status, headers: pickHeaders(answered!.headers), counts, durationMs: performance.now() - startedAt };
}

/** Asks through whichever SDK `client` names. */
export function ask(client: SdkClient, baseUrls: { anthropicBaseUrl: string; openaiBaseUrl: string }, model: string, stream: boolean, prompt?: string): Promise<SdkObservation> {
  if (client === 'responses') return askResponses(baseUrls.openaiBaseUrl, model, stream, prompt);
  return client === 'anthropic' ? askAnthropic(baseUrls.anthropicBaseUrl, model, stream, prompt) : askOpenai(baseUrls.openaiBaseUrl, model, stream, prompt);
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
