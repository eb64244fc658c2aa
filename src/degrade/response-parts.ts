import { emptyUsage, type AssistantPart, type CanonicalResponse, type FinishReason, type StreamPart, type Usage } from '../canonical/index.js';

/**
 * A complete answer as the stream parts a provider would have sent, so a stale or configured
 * answer reaches a streaming client through the protocol's own stream renderer.
 */
export function responseToParts(response: CanonicalResponse): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'stream-start' }, { type: 'response-metadata', id: response.id, modelId: response.modelId }];
  response.content.forEach((part, index) => {
    const id = String(index);
    if (part.type === 'text') parts.push({ type: 'text-start', id }, { type: 'text-delta', id, delta: part.text }, { type: 'text-end', id });
    else if (part.type === 'reasoning') {
      parts.push({ type: 'reasoning-start', id, ...(part.redactedData !== undefined ? { redactedData: part.redactedData } : {}) });
      if (part.text !== '') parts.push({ type: 'reasoning-delta', id, delta: part.text });
      parts.push({ type: 'reasoning-end', id, ...(part.signature !== undefined ? { signature: part.signature } : {}) });
    } else if (part.type === 'tool-call') {
      const input = typeof part.input === 'string' ? part.input : JSON.stringify(part.input);
      parts.push({ type: 'tool-input-start', id: part.toolCallId, toolName: part.toolName }, { type: 'tool-input-delta', id: part.toolCallId, delta: input }, { type: 'tool-input-end', id: part.toolCallId });
      parts.push({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input });
    }
  });
  parts.push({ type: 'finish', finishReason: response.finishReason, usage: response.usage });
  return parts;
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Gathers a finished stream back into one answer (text, reasoning, tool calls, finish), so a
 * streamed answer can be kept for stale-if-error. Feed every part; `response()` is undefined
 * until a finish part arrived.
 */
export class ResponseCollector {
  readonly #content: AssistantPart[] = [];
  readonly #open = new Map<string, AssistantPart & { type: 'text' | 'reasoning' }>();
  #id = '';
  #modelId = '';
  #finish: { finishReason: FinishReason; usage: Usage } | undefined;

  add(part: StreamPart): void {
    switch (part.type) {
      case 'response-metadata':
        if (part.id !== undefined) this.#id = part.id;
        if (part.modelId !== undefined) this.#modelId = part.modelId;
        return;
      case 'text-start':
      case 'reasoning-start': {
        const block = part.type === 'text-start' ? { type: 'text' as const, text: '' } : { type: 'reasoning' as const, text: '', ...(part.redactedData !== undefined ? { redactedData: part.redactedData } : {}) };
        this.#open.set(`${block.type}:${part.id}`, block);
        this.#content.push(block);
        return;
      }
      case 'text-delta':
      case 'reasoning-delta': {
        const block = this.#open.get(`${part.type === 'text-delta' ? 'text' : 'reasoning'}:${part.id}`);
        if (block) block.text += part.delta;
        return;
      }
      case 'reasoning-end': {
        const block = this.#open.get(`reasoning:${part.id}`);
        if (block?.type === 'reasoning' && part.signature !== undefined) block.signature = part.signature;
        return;
      }
      case 'tool-call':
        this.#content.push({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: parseInput(part.input) });
        return;
      case 'finish':
        this.#finish = { finishReason: part.finishReason, usage: part.usage };
        return;
      default:
        return;
    }
  }

  /** The whole answer, once the stream finished. */
  response(): CanonicalResponse | undefined {
    if (!this.#finish) return undefined;
    return { id: this.#id, modelId: this.#modelId, content: this.#content, finishReason: this.#finish.finishReason, usage: this.#finish.usage ?? emptyUsage() };
  }
}
