/** What script rules look at, extracted once per request from either wire format. */
export interface ConversationFacts {
  model: string;
  /** Text of the last user message that has text (tool results excluded), '' when none. */
  lastUserText: string;
  /** Every piece of text in the conversation: system, messages, tool inputs (as JSON), tool results. */
  textParts: string[];
  /** Text of every tool result, in order. */
  toolResults: string[];
  lastMessageIsToolResult: boolean;
  /** Assistant messages already in the conversation. */
  assistantTurns: number;
  /** Characters of input (text, tool inputs, tool definitions) for token estimates. */
  inputCharacters: number;
}

/** Collects facts while a format-specific walker visits the conversation. */
export class ConversationFactsBuilder {
  readonly textParts: string[] = [];
  readonly toolResults: string[] = [];
  lastUserText = '';
  lastMessageIsToolResult = false;
  assistantTurns = 0;
  inputCharacters = 0;

  /** Records text that counts for `anyText` and token estimates. */
  addText(text: string): void {
    this.textParts.push(text);
    this.inputCharacters += text.length;
  }

  /** Records the text of a tool result. */
  addToolResult(text: string): void {
    this.toolResults.push(text);
    this.addText(text);
  }

  /** Counts characters that matter for tokens but not for matching (tool definitions). */
  addCharacters(count: number): void {
    this.inputCharacters += count;
  }

  /** Freezes the collected facts for `model`. */
  build(model: string): ConversationFacts {
    return {
      model,
      lastUserText: this.lastUserText,
      textParts: this.textParts,
      toolResults: this.toolResults,
      lastMessageIsToolResult: this.lastMessageIsToolResult,
      assistantTurns: this.assistantTurns,
      inputCharacters: this.inputCharacters,
    };
  }
}
