import type { CanonicalTool, ToolChoice } from '../../canonical/index.js';
import { anthropicExtras } from './parse-content-block.js';
import { type AnthropicRequestBody, customToolSchema, toolChoiceSchema } from './schemas.js';
import { validate } from './validate.js';

/**
 * `tools` → canonical tools. Custom tools (no `type`, or `type: "custom"`) become function tools,
 * their other fields (cache_control, defer_loading, eager_input_streaming, ...) kept in
 * providerOptions.anthropic; typed server tools (`web_search_20250305`, ...) stay provider tools.
 */
export function parseTools(tools: AnthropicRequestBody['tools']): CanonicalTool[] | undefined {
  if (!tools) return undefined;
  return tools.map((tool, index): CanonicalTool => {
    const type = tool['type'];
    if (type !== undefined && type !== null && type !== 'custom') return { type: 'provider', format: 'anthropic', value: tool };
    const custom = validate(customToolSchema, tool, ['tools', index]);
    return {
      type: 'function',
      name: custom.name,
      ...(typeof custom.description === 'string' ? { description: custom.description } : {}),
      inputSchema: custom.input_schema,
      ...(typeof custom.strict === 'boolean' ? { strict: custom.strict } : {}),
      ...anthropicExtras(tool, ['name', 'description', 'input_schema', 'strict']),
    };
  });
}

/** `tool_choice` → canonical tool choice and the parallel-calls switch. */
export function parseToolChoice(toolChoice: AnthropicRequestBody['tool_choice']): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  if (!toolChoice) return {};
  const choice = validate(toolChoiceSchema, toolChoice, ['tool_choice']);
  const parallel =
    'disable_parallel_tool_use' in choice && typeof choice.disable_parallel_tool_use === 'boolean'
      ? { parallelToolCalls: !choice.disable_parallel_tool_use }
      : {};
  switch (choice.type) {
    case 'auto':
      return { toolChoice: { type: 'auto' }, ...parallel };
    case 'any':
      return { toolChoice: { type: 'required' }, ...parallel };
    case 'tool':
      return { toolChoice: { type: 'tool', toolName: choice.name }, ...parallel };
    case 'none':
      return { toolChoice: { type: 'none' } };
  }
}
