import { describe, expect, it } from 'vitest';
import { SeamReconciler, type ContinuationMethod, type SeamStep } from './seam-reconciler.js';

/** Feeds `deltas` then ends; the text released, or the divergence. */
function run(sent: string, deltas: string[], method: ContinuationMethod = 'prefill'): { text: string } | { diverged: string } {
  const reconciler = new SeamReconciler(sent, method);
  let text = '';
  for (const step of [...deltas.map((delta) => reconciler.push(delta)), reconciler.end()] as SeamStep[]) {
    if ('diverged' in step) return step;
    text += step.text;
  }
  return { text };
}

const SENT = 'The gateway keeps the answer going when the first provider fails half way, and ';

describe('SeamReconciler', () => {
  it('passes an exact continuation through, holding only until it matches nothing', () => {
    const reconciler = new SeamReconciler(SENT, 'prefill');
    // "the" could still start a repeat ("The gateway", "the answer", "the first"); "client" rules that out.
    expect(reconciler.push('the ')).toEqual({ text: '' });
    expect(reconciler.push('cli')).toEqual({ text: '' });
    expect(reconciler.push('ent never notices.')).toEqual({ text: 'the client never notices.' });
    expect(reconciler.decided).toBe(true);
    expect(reconciler.push(' Done.')).toEqual({ text: ' Done.' });
  });

  it('drops a whole repeat, with different whitespace and case', () => {
    expect(run(SENT, ['The  gateway keeps the answer\ngoing when THE first provider fails half way, and the client never notices.'])).toEqual({ text: 'the client never notices.' });
  });

  it('drops a repeated tail that reaches the end of the text sent', () => {
    expect(run(SENT, ['when the first provider fails half way, and the client', ' never notices.'])).toEqual({ text: 'the client never notices.' });
  });

  it('keeps a short overlap after prefill (a coincidence is likelier) but takes it after an instruction', () => {
    expect(run(SENT, ['half way, and the client never notices.'])).toEqual({ text: 'half way, and the client never notices.' });
    expect(run(SENT, ['half way, and the client never notices.'], 'instruction')).toEqual({ text: 'the client never notices.' });
  });

  it('continues a word cut in half, and does not send punctuation twice', () => {
    expect(run('The answer is forty-t', ['The answer is forty-two.'])).toEqual({ text: 'wo.' });
    expect(run('First, the setup. ', ['First, the setup. Then the run.'], 'instruction')).toEqual({ text: 'Then the run.' });
    expect(run('Done here.', ['Done here. Next'], 'instruction')).toEqual({ text: ' Next' });
  });

  it('calls a restart that departs from the answer a divergence', () => {
    const step = run(SENT, ['The gateway keeps the answer going until something else entirely happens.']);
    expect(step).toMatchObject({ diverged: expect.stringContaining('started the answer over') });
  });

  it('calls text that ignores the anchor a divergence after an instruction, but not after prefill', () => {
    expect(run(SENT, ['Sure! Here is a fresh answer.'], 'instruction')).toMatchObject({ diverged: expect.stringContaining('last words') });
    expect(run(SENT, ['the client never notices.'])).toEqual({ text: 'the client never notices.' });
  });

  it('lets punctuation alone through, and an empty continuation end the answer as it is', () => {
    expect(run('The end', ['.'], 'instruction')).toEqual({ text: '.' });
    expect(run(SENT, [], 'instruction')).toEqual({ text: '' });
  });

  it('decides at the end when the continuation is shorter than the hold', () => {
    // The anchor repeated and nothing more: the answer was complete.
    expect(run(SENT, ['half way, and'], 'instruction')).toEqual({ text: '' });
    // A restart that stops before reaching the seam is not a continuation of this answer.
    expect(run(SENT, ['The gateway keeps the answer going when'])).toMatchObject({ diverged: expect.any(String) });
  });

  it('holds at most a bounded amount before deciding', () => {
    const reconciler = new SeamReconciler('Hello world', 'prefill');
    const noise = '.'.repeat(5000);
    expect(reconciler.push(noise)).toEqual({ text: noise });
  });

  it('trims the seam whitespace when the text sent ends with a space', () => {
    expect(run('One two ', ['  three'])).toEqual({ text: 'three' });
    expect(run('One two', [' three'])).toEqual({ text: ' three' });
  });

  it('compares Chinese text character by character', () => {
    expect(run('我们今天讨论网关的', ['我们今天讨论网关的设计。'])).toEqual({ text: '设计。' });
  });

  it('passes everything through when no word was sent', () => {
    expect(run('```\n', ['```\ncode'], 'instruction')).toEqual({ text: '```\ncode' });
  });
});
