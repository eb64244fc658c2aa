import type { ConversationFacts } from './conversation-facts.js';
import { globMatch } from './glob-match.js';
import type { ScriptMatch, ScriptReply, ScriptRule } from './types.js';

interface RuleState {
  rule: ScriptRule;
  used: number;
}

function includesText(parts: readonly string[], needle: string): boolean {
  for (const part of parts) if (part.includes(needle)) return true;
  return false;
}

function matches(match: ScriptMatch | undefined, facts: ConversationFacts): boolean {
  if (!match) return true;
  if (match.model !== undefined && !globMatch(match.model, facts.model)) return false;
  if (match.minTurns !== undefined && facts.assistantTurns < match.minTurns) return false;
  if (
    match.lastMessageIsToolResult !== undefined &&
    match.lastMessageIsToolResult !== facts.lastMessageIsToolResult
  ) {
    return false;
  }
  if (match.lastUserText !== undefined && !facts.lastUserText.includes(match.lastUserText)) return false;
  if (match.toolResultContains !== undefined && !includesText(facts.toolResults, match.toolResultContains)) {
    return false;
  }
  if (match.anyText !== undefined && !includesText(facts.textParts, match.anyText)) return false;
  return true;
}

/** Holds the reply rules and picks the first one that matches a conversation. */
export class ScriptBook {
  #rules: RuleState[] = [];

  constructor(rules: readonly ScriptRule[] = []) {
    this.replace(rules);
  }

  /** Replaces every rule; use counts start again from zero. */
  replace(rules: readonly ScriptRule[]): void {
    this.#rules = rules.map((rule) => ({ rule, used: 0 }));
  }

  /** True when no rule is set (callers can skip extracting facts). */
  get isEmpty(): boolean {
    return this.#rules.length === 0;
  }

  /** Reply of the first matching rule that still has uses left, counting the use. */
  pick(facts: ConversationFacts): ScriptReply | undefined {
    for (const state of this.#rules) {
      if (state.rule.times !== undefined && state.used >= state.rule.times) continue;
      if (!matches(state.rule.match, facts)) continue;
      state.used++;
      return state.rule.reply;
    }
    return undefined;
  }
}
