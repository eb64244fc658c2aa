/**
 * The same Claude model under each cloud's name. Anthropic's API takes the alias or the dated id;
 * Bedrock wants `anthropic.<id>-v1:0` (newer models drop the date and the version suffix), with
 * an optional cross-region inference prefix (`us.`, `eu.`, `apac.`, `global.`); Vertex AI wants
 * `<alias>@<date>` (newer models the bare alias); Microsoft Foundry deploys models under their
 * Anthropic alias. Sources: Anthropic's models overview and its Bedrock and Vertex AI pages, and
 * Google's "Request predictions with Claude models" (2026).
 *
 * A provider's `model_map` overrides or extends this table; a name found nowhere is an error at
 * start for a target that names it (see resolveCloudModel).
 */
export interface ClaudeModelIds {
  /** The alias clients use (`claude-sonnet-4-5`). */
  alias: string;
  /** The dated Anthropic id (`claude-sonnet-4-5-20250929`), when the model has one. */
  anthropic: string;
  bedrock: string;
  vertex: string;
  foundry: string;
}

/** Cloud naming schemes a Claude provider type uses. */
export type ClaudeCloud = 'bedrock' | 'vertex' | 'foundry';

const dated = (alias: string, date: string): ClaudeModelIds => ({
  alias,
  anthropic: `${alias}-${date}`,
  bedrock: `anthropic.${alias}-${date}-v1:0`,
  vertex: `${alias}@${date}`,
  foundry: alias,
});

const undated = (alias: string, bedrock: string): ClaudeModelIds => ({ alias, anthropic: alias, bedrock, vertex: alias, foundry: alias });

/**
 * Newest first. The 3.x generation keeps its own word order (`claude-3-7-sonnet`). The ids agree
 * with the model catalog the Claude Code CLI itself ships (its `provider_ids` per model), so a
 * Claude Code session keeps its default model on every cloud.
 */
export const CLAUDE_MODEL_IDS: readonly ClaudeModelIds[] = [
  undated('claude-opus-5-5', 'anthropic.claude-opus-5-5'),
  undated('claude-sonnet-5-5', 'anthropic.claude-sonnet-5-5'),
  undated('claude-haiku-5-5', 'anthropic.claude-haiku-5-5'),
  undated('claude-fable-5-2', 'anthropic.claude-fable-5-2'),
  undated('claude-fable-5-1', 'anthropic.claude-fable-5-1'),
  undated('claude-fable-5', 'anthropic.claude-fable-5'),
  undated('claude-opus-5', 'anthropic.claude-opus-5'),
  undated('claude-sonnet-5', 'anthropic.claude-sonnet-5'),
  undated('claude-opus-4-8', 'anthropic.claude-opus-4-8'),
  undated('claude-opus-4-7', 'anthropic.claude-opus-4-7'),
  undated('claude-sonnet-4-6', 'anthropic.claude-sonnet-4-6'),
  undated('claude-opus-4-6', 'anthropic.claude-opus-4-6-v1'),
  dated('claude-opus-4-5', '20251101'),
  dated('claude-haiku-4-5', '20251001'),
  dated('claude-sonnet-4-5', '20250929'),
  dated('claude-opus-4-1', '20250805'),
  { ...dated('claude-opus-4', '20250514'), alias: 'claude-opus-4-0' },
  { ...dated('claude-sonnet-4', '20250514'), alias: 'claude-sonnet-4-0' },
  dated('claude-3-7-sonnet', '20250219'),
  dated('claude-3-5-haiku', '20241022'),
  { ...dated('claude-3-5-sonnet', '20241022'), bedrock: 'anthropic.claude-3-5-sonnet-20241022-v2:0', vertex: 'claude-3-5-sonnet-v2@20241022' },
  dated('claude-3-haiku', '20240307'),
];

const BY_NAME = new Map<string, ClaudeModelIds>();
for (const ids of CLAUDE_MODEL_IDS) {
  for (const name of [ids.alias, ids.anthropic, ids.bedrock, ids.vertex, ids.foundry]) if (!BY_NAME.has(name)) BY_NAME.set(name, ids);
}

/** Bedrock's cross-region inference profile prefixes (`us.anthropic.claude-…`). */
const BEDROCK_PROFILE = /^(us|eu|apac|au|ca|jp|us-gov|global)\./;

/**
 * A Bedrock id of another vendor's model (`amazon.nova-pro-v1:0`, `us.meta.llama3-3-70b-instruct-v1:0`):
 * served through Converse, sent as it is. Vendors outside this list are named in `model_map`.
 */
const BEDROCK_OTHER_MODEL = /^((us|eu|apac|au|ca|jp|us-gov|global)\.)?(amazon|meta|mistral|cohere|ai21|deepseek|qwen|openai|writer|twelvelabs|moonshot|minimax|google|nvidia)\.[a-z0-9][a-z0-9.:_-]*$/;

/** The table's row for any of a model's names (alias, dated id, any cloud's id, a Bedrock profile id). */
export function findClaudeModel(name: string): ClaudeModelIds | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.replace(BEDROCK_PROFILE, ''));
}

/**
 * The id `cloud` knows the requested model by: the provider's own `modelMap` first (exact names),
 * then the table; a name already in the cloud's own form (a Bedrock profile id or another
 * vendor's Bedrock id, an `@`-dated Vertex id) is kept. Undefined when nothing knows the name.
 * @example resolveCloudModel('bedrock', 'claude-sonnet-4-5') // 'anthropic.claude-sonnet-4-5-20250929-v1:0'
 */
export function resolveCloudModel(cloud: ClaudeCloud, name: string, modelMap: Readonly<Record<string, string>> = {}): string | undefined {
  const mapped = modelMap[name];
  if (mapped !== undefined) return mapped;
  if (cloud === 'bedrock' && (BEDROCK_PROFILE.test(name) || BEDROCK_OTHER_MODEL.test(name))) return name;
  const row = findClaudeModel(name);
  return row?.[cloud];
}
