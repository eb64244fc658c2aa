import type { CanonicalRequest, CanonicalTool, ToolChoice } from '../../canonical/index.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

/** Target facts the request conversion needs. */
export interface ConvertToAnthropicOptions {
  /** Model name sent upstream (the route's, not the client's). */
  model: string;
  /** Used when the request has no maxOutputTokens: `max_tokens` is required by Anthropic. */
  defaultMaxTokens: number;
  /** The `anthropic-version` sent; `2026-10-21` and later reject temperature/top_p/top_k. */
  anthropicVersion: string;
}

/**
 * A canonical request (typically from an OpenAI client) → an Anthropic Messages body.
 * Dropped on purpose: `responseFormat` (no native JSON mode on 2023-06-01, and adding a prompt
 * would change what the model is asked), `seed`, provider tools of other formats, and sampling
 * parameters on API versions that reject them. `providerOptions.anthropic` is merged last, at the
 * top level, so an Anthropic-specific option always wins.
 */
export function convertToAnthropicRequest(request: CanonicalRequest, options: ConvertToAnthropicOptions): Record<string, unknown> {
  const { system, messages } = convertToAnthropicMessages(request.messages);
  const tools = convertTools(request.tools);
  const samplingAllowed = options.anthropicVersion < '2026-10-21';
  const body: Record<string, unknown> = {
    model: options.model,
    max_tokens: request.maxOutputTokens ?? options.defaultMaxTokens,
    ...(system.length > 0 ? { system } : {}),
    messages,
    ...(tools.length > 0 ? { tools } : {}),
    ...(tools.length > 0 ? convertToolChoice(request.toolChoice, request.parallelToolCalls) : {}),
    ...(request.stopSequences && request.stopSequences.length > 0 ? { stop_sequences: request.stopSequences } : {}),
    ...(samplingAllowed && request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(samplingAllowed && request.topP !== undefined ? { top_p: request.topP } : {}),
    ...(samplingAllowed && request.topK !== undefined ? { top_k: request.topK } : {}),
    ...(request.userId !== undefined ? { metadata: { user_id: request.userId } } : {}),
    ...(request.stream ? { stream: true } : {}),
    ...request.providerOptions?.['anthropic'],
  };
  // The route decides the model, whatever the options said.
  body['model'] = options.model;
  return body;
}

/** Function tools → custom tools; provider tools only when they are Anthropic's. */
function convertTools(tools: CanonicalTool[] | undefined): Array<Record<string, unknown>> {
  if (!tools) return [];
  return tools.flatMap((tool): Array<Record<string, unknown>> => {
    if (tool.type === 'provider') return tool.format === 'anthropic' ? [tool.value] : [];
    return [
      {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        input_schema: tool.inputSchema,
        ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
        ...tool.providerOptions?.['anthropic'],
      },
    ];
  });
}

/**
 * Canonical tool choice → `tool_choice`, with `disable_parallel_tool_use` for
 * `parallelToolCalls: false` (Anthropic keeps that switch inside tool_choice; `none` has none).
 * Only called when tools are sent: Anthropic rejects tool_choice without tools.
 */
function convertToolChoice(toolChoice: ToolChoice | undefined, parallelToolCalls: boolean | undefined): { tool_choice?: Record<string, unknown> } {
  const disableParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  switch (toolChoice?.type) {
    case undefined:
      return parallelToolCalls === false ? { tool_choice: { type: 'auto', ...disableParallel } } : {};
    case 'auto':
      return { tool_choice: { type: 'auto', ...disableParallel } };
    case 'required':
      return { tool_choice: { type: 'any', ...disableParallel } };
    case 'tool':
      return { tool_choice: { type: 'tool', name: toolChoice.toolName, ...disableParallel } };
    case 'none':
      return { tool_choice: { type: 'none' } };
  }
}
