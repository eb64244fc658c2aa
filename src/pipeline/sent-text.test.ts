import { describe, expect, it } from 'vitest';
import { SentText } from './sent-text.js';

describe('SentText', () => {
  it('keeps every delta in order, across blocks', () => {
    const sent = new SentText(10_000);
    const deltas = Array.from({ length: 53 }, (_, index) => `d${index} `);
    for (const delta of deltas) sent.append(delta);
    expect(sent.text()).toBe(deltas.join(''));
    expect(sent.chars).toBe(deltas.join('').length);
  });

  it('keeps nothing once more than the cap was sent, and still counts', () => {
    const sent = new SentText(5);
    sent.append('abc');
    sent.append('de');
    expect(sent.text()).toBe('abcde');
    sent.append('f');
    expect(sent.text()).toBe('');
    sent.append('gh');
    expect(sent.text()).toBe('');
    expect(sent.chars).toBe(8);
  });

  it('is empty before any text', () => {
    expect(new SentText(10).text()).toBe('');
  });
});
