import { describe, expect, it } from 'vitest';
import { continuedInput, inputItemsOf, listedInputItems } from './conversation-items.js';
import { finalResponseInEvents } from './final-response-event.js';

describe('continuedInput', () => {
  it('is the kept input, the previous output as it was returned, then the new input (a string as one user message)', () => {
    const previousInput = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'weather?' }] }];
    const output = [
      { id: 'rs_1', type: 'reasoning', summary: [], encrypted_content: 'gAAAA…' },
      { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}', status: 'completed' },
    ];
    const next = [{ type: 'function_call_output', call_id: 'call_1', output: 'sunny' }];
    expect(continuedInput(previousInput, { id: 'resp_1', instructions: 'not carried', output }, next)).toEqual([...previousInput, ...output, ...next]);
    expect(continuedInput([], { output: [] }, 'hi')).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]);
    expect(inputItemsOf(undefined)).toEqual([]);
  });
});

describe('listedInputItems', () => {
  it('keeps the client ids and derives the same id for an item without one on every read', () => {
    const items = [{ role: 'user', content: 'hi' }, { type: 'function_call_output', id: 'fco_mine', call_id: 'c', output: 'x' }];
    const listed = listedInputItems('resp_1', items);
    expect(listed[0]).toMatchObject({ type: 'message', role: 'user', id: expect.stringMatching(/^msg_[0-9a-f]{48}$/) });
    expect(listed[1]?.id).toBe('fco_mine');
    expect(listedInputItems('resp_1', items)).toEqual(listed);
    expect(listedInputItems('resp_2', items)[0]?.id).not.toBe(listed[0]?.id);
  });
});

describe('finalResponseInEvents', () => {
  it('finds the response of a completed or incomplete event and nothing else', () => {
    const completed = `event: response.output_text.done\ndata: {"type":"response.output_text.done","text":"response.completed"}\n\nevent: response.completed\ndata: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","status":"completed"}}\r\n\r\n`;
    expect(finalResponseInEvents(completed)).toEqual({ id: 'resp_1', status: 'completed' });
    expect(finalResponseInEvents('data: {"type":"response.incomplete","response":{"id":"resp_2"}}\n\n')).toEqual({ id: 'resp_2' });
    expect(finalResponseInEvents('data: {"type":"response.output_text.delta","delta":"Paris"}\n\n')).toBeUndefined();
    expect(finalResponseInEvents('data: {"type":"response.completed","response":{"id":"cut\n\n')).toBeUndefined();
  });
});
