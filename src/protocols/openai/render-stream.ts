import type { StreamPart } from '../../canonical/index.js';
import { GatewayError, UpstreamResponseError } from '../../errors/index.js';
import type { RenderContext, StreamRenderer } from '../inbound-protocol.js';
import { openAIErrorObject } from './render-error.js';
import { renderFinishReason, renderUsage, toChatCompletionId } from './render-usage.js';

/**
 * Canonical stream parts → Chat Completions SSE (`data: {json}\n\n`, no event lines, `data: [DONE]`).
 *
 * - The first chunk carries `role: "assistant"` (with `content: ""`, or `content: null` and the first
 *   tool call when the answer starts with one); every chunk repeats the same id, created and model.
 * - Tool calls are numbered by `index` in the order they start; the first delta of each call has
 *   id, type and name, later ones only `index` + an `arguments` fragment.
 * - Usage is sent only when the client asked (`stream_options.include_usage`): `"usage": null` on
 *   every chunk and a last chunk with `choices: []` before `[DONE]`.
 * - Reasoning parts are dropped (Chat Completions has no field for them).
 * - Passthrough (parts written with `passthrough` true): a `raw` part of format `openai` is written
 *   verbatim and the parts derived from it only update the state, so a later switch back to
 *   rendering (a continuation on another target) carries on with the same id, indexes and role chunk.
 * - After a continuation, the chunks the continuing target produced carry its model (from the
 *   `response-metadata` that starts its part, the only one after the role chunk), so a client sees
 *   who wrote which part; the id stays the same.
 */
export function createOpenAIStreamRenderer(context: RenderContext): StreamRenderer {
  const streamOptions = context.request.providerOptions?.openai?.stream_options;
  const includeUsage =
    typeof streamOptions === 'object' && streamOptions !== null && (streamOptions as { include_usage?: unknown }).include_usage === true;

  let id: string | undefined;
  let model = context.requestedModel;
  let created = Math.floor(Date.now() / 1000);
  let roleSent = false;
  let done = false;
  let passthrough = false;
  const toolIndexes = new Map<string, number>();

  function chunk(delta: Record<string, unknown> | null, finishReason: string | null = null, usage?: Record<string, unknown>): string {
    id ??= toChatCompletionId(undefined);
    const body: Record<string, unknown> = { id, object: 'chat.completion.chunk', created, model };
    body.choices = delta === null ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finishReason }];
    if (includeUsage) body.usage = usage ?? null;
    return `data: ${JSON.stringify(body)}\n\n`;
  }

  function roleChunk(): string {
    roleSent = true;
    return chunk({ role: 'assistant', content: '', refusal: null });
  }

  function toolStart(toolCallId: string, toolName: string, argumentsText: string): string {
    const index = toolIndexes.size;
    toolIndexes.set(toolCallId, index);
    const call = { index, id: toolCallId, type: 'function', function: { name: toolName, arguments: argumentsText } };
    if (roleSent) return chunk({ tool_calls: [call] });
    roleSent = true;
    return chunk({ role: 'assistant', content: null, tool_calls: [call], refusal: null });
  }

  /** What rendering `part` would have changed, without rendering it: its raw frame went out instead. */
  function track(part: StreamPart): void {
    switch (part.type) {
      case 'text-start':
        roleSent = true;
        break;
      case 'text-delta':
        if (part.delta !== '') roleSent = true;
        break;
      case 'tool-input-start':
      case 'tool-call': {
        const callId = part.type === 'tool-call' ? part.toolCallId : part.id;
        roleSent = true;
        if (!toolIndexes.has(callId)) toolIndexes.set(callId, toolIndexes.size);
        break;
      }
      default:
        break;
    }
  }

  function render(part: StreamPart): string {
    switch (part.type) {
      case 'response-metadata':
        // The id is fixed once the first chunk is out: every chunk must repeat it. The model is
        // too, except that a continuation names the target that writes the rest.
        if (!roleSent && part.id !== undefined) id = toChatCompletionId(part.id);
        if (part.modelId !== undefined) model = part.modelId;
        return '';
      case 'text-start':
        return roleSent ? '' : roleChunk();
      case 'text-delta':
        if (part.delta === '') return '';
        return (roleSent ? '' : roleChunk()) + chunk({ content: part.delta });
      case 'tool-input-start':
        return toolStart(part.id, part.toolName, '');
      case 'tool-input-delta': {
        const index = toolIndexes.get(part.id);
        if (index === undefined || part.delta === '') return '';
        return chunk({ tool_calls: [{ index, function: { arguments: part.delta } }] });
      }
      case 'tool-call':
        // A call that arrived whole, without a tool-input run before it.
        return toolIndexes.has(part.toolCallId) ? '' : toolStart(part.toolCallId, part.toolName, part.input);
      case 'finish': {
        done = true;
        let text = roleSent ? '' : roleChunk();
        text += chunk({}, renderFinishReason(part.finishReason));
        if (includeUsage) text += chunk(null, null, { ...renderUsage(part.usage) });
        return `${text}data: [DONE]\n\n`;
      }
      case 'error':
        done = true;
        return errorFrame(part.error);
      default:
        // stream-start, text-end, reasoning-*, tool-input-end: nothing on the wire.
        return '';
    }
  }

  function errorFrame(error: unknown): string {
    const gatewayError = error instanceof GatewayError ? error : new UpstreamResponseError('The server had an error while processing your request.');
    return `data: ${JSON.stringify({ error: openAIErrorObject(gatewayError) })}\n\n`;
  }

  return {
    write(part, passthroughStream) {
      if (done) return '';
      // A continuation on another target after passed-through frames: rendered from here on.
      if (passthrough && !passthroughStream) passthrough = false;
      if (part.type === 'raw') {
        if (!passthroughStream || part.format !== 'openai') return '';
        passthrough = true;
        if (part.frame.startsWith('data: [DONE]')) done = true;
        // Keep the provider's `created` so chunks rendered after a continuation still match.
        const createdInFrame = roleSent ? undefined : /"created":\s*(\d+)/.exec(part.frame)?.[1];
        if (createdInFrame !== undefined) created = Number(createdInFrame);
        return part.frame;
      }
      if (!passthrough) return render(part);
      // Passthrough: the raw frame this part came from is already written; only track state.
      switch (part.type) {
        case 'response-metadata':
          // Later rendered chunks (after a continuation) must repeat the provider's own id.
          if (!roleSent && part.id !== undefined) id = part.id;
          if (!roleSent && part.modelId !== undefined) model = part.modelId;
          return '';
        case 'error':
          // Upstream error objects come without a raw frame.
          return render(part);
        case 'finish':
          // The stream ended after its finish chunk but without [DONE]: close it for the client.
          done = true;
          return 'data: [DONE]\n\n';
        default:
          track(part);
          return '';
      }
    },
    fail(error) {
      if (done) return '';
      done = true;
      return errorFrame(error);
    },
  };
}
