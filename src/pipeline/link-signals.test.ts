import { describe, expect, it } from 'vitest';
import { linkSignals } from './link-signals.js';

describe('linkSignals', () => {
  it('aborts with the reason of whichever source aborts first', () => {
    const first = new AbortController();
    const second = new AbortController();
    const linked = linkSignals([first.signal, undefined, second.signal]);
    expect(linked.aborted).toBe(false);
    second.abort('deadline');
    expect(linked.aborted).toBe(true);
    expect(linked.reason).toBe('deadline');
    first.abort('client');
    expect(linked.reason).toBe('deadline');
  });

  it('starts aborted when a source already is', () => {
    const done = new AbortController();
    done.abort('gone');
    expect(linkSignals([new AbortController().signal, done.signal]).reason).toBe('gone');
  });
});
