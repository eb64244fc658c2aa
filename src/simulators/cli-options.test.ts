import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli-options.js';

describe('parseCliOptions', () => {
  it('turns flags into simulator options', () => {
    const directory = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const scriptPath = join(directory, 'rules.json');
    writeFileSync(scriptPath, JSON.stringify([{ match: { lastUserText: 'hi' }, reply: { text: 'hello' } }]));
    const options = parseCliOptions([
      '--format', 'anthropic', '--port', '4101', '--script', scriptPath, '--keys', 'a, b',
      '--chunk-count', '20', '--strict-models', '--models', 'm1,m2', '--name', 'primary',
    ]);
    expect(options).toEqual({
      format: 'anthropic',
      host: '127.0.0.1',
      port: 4101,
      keys: ['a', 'b'],
      chunkCount: 20,
      strictModels: true,
      models: ['m1', 'm2'],
      name: 'primary',
      script: [{ match: { lastUserText: 'hi' }, reply: { text: 'hello' } }],
    });
  });

  it('rejects an unknown format and a bad script', () => {
    expect(() => parseCliOptions(['--format', 'frobnicate'])).toThrow();
    const directory = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const scriptPath = join(directory, 'bad.json');
    writeFileSync(scriptPath, JSON.stringify([{ match: {} }]));
    expect(() => parseCliOptions(['--format', 'openai', '--script', scriptPath])).toThrow();
  });
});
