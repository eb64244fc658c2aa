import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAUDE_MODEL_IDS, findClaudeModel, resolveCloudModel } from './claude-model-ids.js';

describe('the Claude model table', () => {
  it('names each model on each cloud, from its alias or its dated id', () => {
    expect(resolveCloudModel('bedrock', 'claude-sonnet-4-5')).toBe('anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(resolveCloudModel('vertex', 'claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5@20250929');
    expect(resolveCloudModel('foundry', 'claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5');
    expect(resolveCloudModel('bedrock', 'claude-sonnet-4-6')).toBe('anthropic.claude-sonnet-4-6');
    expect(resolveCloudModel('vertex', 'claude-opus-4-7')).toBe('claude-opus-4-7');
    expect(resolveCloudModel('vertex', 'claude-3-5-sonnet')).toBe('claude-3-5-sonnet-v2@20241022');
  });

  it("knows Claude Code's default model (claude-opus-5-5) on every cloud, as the CLI's own catalog names it", () => {
    expect(resolveCloudModel('bedrock', 'claude-opus-5-5')).toBe('anthropic.claude-opus-5-5');
    expect(findClaudeModel('us.anthropic.claude-opus-5-5')?.alias).toBe('claude-opus-5-5');
    expect(resolveCloudModel('vertex', 'claude-opus-5-5')).toBe('claude-opus-5-5');
    expect(resolveCloudModel('foundry', 'claude-opus-5-5')).toBe('claude-opus-5-5');
  });

  it('keeps a Bedrock inference profile id, and finds its row', () => {
    expect(resolveCloudModel('bedrock', 'us.anthropic.claude-haiku-4-5-20251001-v1:0')).toBe('us.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(findClaudeModel('global.anthropic.claude-sonnet-4-6')?.alias).toBe('claude-sonnet-4-6');
  });

  it('lets a provider map win, and knows nothing of names outside the table', () => {
    expect(resolveCloudModel('bedrock', 'claude-sonnet-4-5', { 'claude-sonnet-4-5': 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0' })).toBe('eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(resolveCloudModel('vertex', 'claude-made-up')).toBeUndefined();
  });

  it('gives every name of every row to exactly one row', () => {
    for (const row of CLAUDE_MODEL_IDS) {
      for (const name of [row.alias, row.anthropic, row.bedrock, row.vertex]) expect(findClaudeModel(name)).toBe(row);
    }
  });

  it('is the table the README documents, row for row', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const from = readme.indexOf('### Claude models across clouds');
    const section = readme.slice(from, readme.indexOf('\n## ', from));
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toEqual(CLAUDE_MODEL_IDS.map((ids) => `| \`${ids.alias}\` | \`${ids.anthropic}\` | \`${ids.bedrock}\` | \`${ids.vertex}\` | \`${ids.foundry}\` |`));
  });
});
