import { describe, expect, it } from 'vitest';
import type { ConversationFacts } from './conversation-facts.js';
import { ScriptBook } from './script-book.js';

const facts = (overrides: Partial<ConversationFacts> = {}): ConversationFacts => ({
  model: 'claude-sonnet-4-6',
  lastUserText: 'What is the weather in Oslo?',
  textParts: ['You are helpful.', 'What is the weather in Oslo?'],
  toolResults: [],
  lastMessageIsToolResult: false,
  assistantTurns: 0,
  inputCharacters: 40,
  ...overrides,
});

describe('ScriptBook', () => {
  it('picks the first rule whose every condition holds', () => {
    const book = new ScriptBook([
      { match: { lastMessageIsToolResult: true }, reply: { text: 'after tool' } },
      { match: { lastUserText: 'weather', model: 'claude-*' }, reply: { text: 'tool call' } },
      { reply: { text: 'anything' } },
    ]);
    expect(book.pick(facts())?.text).toBe('tool call');
    expect(book.pick(facts({ model: 'gpt-4o' }))?.text).toBe('anything');
    expect(book.pick(facts({ lastMessageIsToolResult: true }))?.text).toBe('after tool');
  });

  it('matches anyText, toolResultContains and minTurns', () => {
    const book = new ScriptBook([
      { match: { toolResultContains: '14 C' }, reply: { text: 'a' } },
      { match: { anyText: 'helpful', minTurns: 2 }, reply: { text: 'b' } },
    ]);
    expect(book.pick(facts({ toolResults: ['14 C, rain'] }))?.text).toBe('a');
    expect(book.pick(facts({ assistantTurns: 1 }))).toBeUndefined();
    expect(book.pick(facts({ assistantTurns: 2 }))?.text).toBe('b');
  });

  it('stops using a rule after `times` uses, and replace() starts over', () => {
    const rules = [{ reply: { text: 'once' }, times: 1 }, { reply: { text: 'later' } }];
    const book = new ScriptBook(rules);
    expect(book.pick(facts())?.text).toBe('once');
    expect(book.pick(facts())?.text).toBe('later');
    book.replace(rules);
    expect(book.pick(facts())?.text).toBe('once');
    book.replace([]);
    expect(book.isEmpty).toBe(true);
    expect(book.pick(facts())).toBeUndefined();
  });
});
