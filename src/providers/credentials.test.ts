import { describe, expect, it } from 'vitest';
import { labelCredentials, MIN_KEY_CHARS_FOR_TAIL } from './credentials.js';

describe('labelCredentials', () => {
  it('shows the last four characters of a real-length key', () => {
    const key = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz-f00d';
    expect(labelCredentials(['sk-proj-0123456789abcdef0123', key]).map((credential) => credential.label)).toEqual(['key-1 …0123', 'key-2 …f00d']);
  });

  it(`shows no character of a key shorter than ${MIN_KEY_CHARS_FOR_TAIL}: a four-character key is never shown whole`, () => {
    const keys = ['abcd', 'abc', 'abcDEF123xyz', 'x'.repeat(MIN_KEY_CHARS_FOR_TAIL - 1)];
    const labels = labelCredentials(keys).map((credential) => credential.label);
    expect(labels).toEqual(['key-1', 'key-2', 'key-3', 'key-4']);
    keys.forEach((key, index) => expect(labels[index]).not.toContain(key.slice(-2)));
  });

  it('never shows more than a fifth of a key', () => {
    for (let length = 1; length <= 64; length++) {
      const key = 'k'.repeat(length);
      const [credential] = labelCredentials([key]);
      const shown = credential!.label.replace(/^key-1( …)?/, '').length;
      expect(shown * 5).toBeLessThanOrEqual(length);
    }
  });
});
