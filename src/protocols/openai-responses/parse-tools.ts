import type { CanonicalTool, ToolChoice } from '../../canonical/index.js';
import { describeJsonType, invalidParameter, invalidValue, parseOrThrow } from '../openai/request-errors.js';
import { RESPONSES_FORMAT } from './responses-format.js';
import { customToolSchema, functionToolSchema, typedSchema } from './schemas.js';

/** The description a custom (free-form) tool's single `input` parameter gets on a translated route. */
const CUSTOM_INPUT_DESCRIPTION = 'The raw input text for this tool, exactly as the tool description asks for it (not JSON-encoded).';

/**
 * Responses `tools` → canonical tools.
 * - `function` tools (flat: name, description, parameters, strict) are canonical function tools.
 * - `custom` tools (free-form text input) become function tools taking one string, `input`, and are
 *   marked `providerOptions['openai-responses'].custom` so the renderer turns their calls back
 *   into `custom_tool_call` items: a translated route can run them (Codex's `apply_patch`).
 * - Hosted tools (`web_search`, `file_search`, `code_interpreter`, `mcp`, `image_generation`, …)
 *   only a Responses API provider can run: they are provider tools of this format, sent as they
 *   are to such a target and dropped for others (docs/translation-responses.md).
 */
export function parseTools(tools: readonly unknown[]): CanonicalTool[] {
  return tools.map((tool, index): CanonicalTool => {
    const path = ['tools', index] as const;
    const typed = parseOrThrow(typedSchema, tool, path);
    if (typed.type === 'function') {
      const definition = parseOrThrow(functionToolSchema, tool, path);
      return {
        type: 'function',
        name: definition.name,
        ...(definition.description ? { description: definition.description } : {}),
        inputSchema: definition.parameters ?? { type: 'object', properties: {} },
        // Only what the client said: a strictness it did not ask for can make a target reject its schema.
        ...(definition.strict !== undefined && definition.strict !== null ? { strict: definition.strict } : {}),
      };
    }
    if (typed.type === 'custom') {
      const definition = parseOrThrow(customToolSchema, tool, path);
      const format = definition.format ? `\n\nInput format: ${JSON.stringify(definition.format)}` : '';
      return {
        type: 'function',
        name: definition.name,
        description: `${definition.description ?? ''}${format}`.trim(),
        inputSchema: { type: 'object', properties: { input: { type: 'string', description: CUSTOM_INPUT_DESCRIPTION } }, required: ['input'], additionalProperties: false },
        providerOptions: { [RESPONSES_FORMAT]: { custom: true, tool: definition } },
      };
    }
    if (typeof typed.type !== 'string') throw invalidParameter([...path, 'type'], 'expected a string.');
    return { type: 'provider', format: RESPONSES_FORMAT, value: tool as Record<string, unknown> };
  });
}

/**
 * Responses `tool_choice` → canonical. `{type:'function'|'custom', name}` names a tool; forms with
 * no canonical meaning (`allowed_tools`, a hosted tool type) return undefined and are kept by the
 * caller for a Responses target.
 */
export function parseToolChoice(choice: unknown): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') {
    if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
    throw invalidValue(['tool_choice'], choice, ['none', 'auto', 'required']);
  }
  if (typeof choice !== 'object' || Array.isArray(choice)) {
    throw invalidParameter(['tool_choice'], `expected one of a string or an object, but got ${describeJsonType(choice)} instead.`);
  }
  const { type, name } = choice as { type?: unknown; name?: unknown };
  if (type === 'function' || type === 'custom') {
    if (typeof name !== 'string' || name === '') throw invalidParameter(['tool_choice', 'name'], 'expected a tool name.');
    return { type: 'tool', toolName: name };
  }
  return undefined;
}

/** Names of the request's custom tools, whose calls are rendered as `custom_tool_call`. */
export function customToolNames(tools: readonly CanonicalTool[] | undefined): Set<string> {
  const names = new Set<string>();
  for (const tool of tools ?? []) {
    if (tool.type === 'function' && tool.providerOptions?.[RESPONSES_FORMAT]?.custom === true) names.add(tool.name);
  }
  return names;
}
