import { findClaudeModel, resolveCloudModel } from '../claude-models/claude-model-ids.js';

/**
 * True for a model Vertex serves under `publishers/anthropic`: any name the Claude table knows
 * (alias, dated id, another cloud's id) or that starts with `claude-`. Everything else is Google's.
 */
export function isVertexClaudeModel(model: string): boolean {
  return findClaudeModel(model) !== undefined || model.startsWith('claude-');
}

/** The id Vertex knows a Claude model by (`claude-sonnet-4-5@20250929`); a name the table lacks is sent as written. */
export function vertexClaudeId(model: string, modelMap?: Readonly<Record<string, string>>): string {
  return resolveCloudModel('vertex', model, modelMap) ?? model;
}
