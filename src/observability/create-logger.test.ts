import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { registerSecrets } from '../secrets/redact-secrets.js';
import { createLogger } from './create-logger.js';

const LOGGER_MODULE = fileURLToPath(new URL('../../dist/observability/create-logger.js', import.meta.url));

describe('createLogger on stdout', () => {
  it('shows a line of a quiet process within about a second, long before the buffer fills or the process exits', async () => {
    // The child logs one line, then stays alive 3 s: the line must reach us while it still runs.
    const script = `const { createLogger } = await import(${JSON.stringify(LOGGER_MODULE)});
      createLogger('info').info({ requestId: 'r-1' }, 'request');
      setTimeout(() => {}, 3000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const startedAt = Date.now();
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
        child.once('exit', () => reject(new Error('the child exited before its log line arrived')));
      });
      expect(JSON.parse(line)).toMatchObject({ msg: 'request', requestId: 'r-1', service: 'lifeline' });
      expect(Date.now() - startedAt).toBeLessThan(2_800);
    } finally {
      child.kill();
    }
  });
});

const SECRET = 'abcDEF123xyz';

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter((line) => line.length > 0) };
}

let release: (() => void) | undefined;
afterEach(() => release?.());

describe('createLogger redaction', () => {
  it('removes a configured secret from every part of a line: message, any field, an error and its stack', () => {
    release = registerSecrets([SECRET]);
    const { stream, lines } = capture();
    const logger = createLogger('info', stream);
    const error = new Error(`upstream said: invalid key ${SECRET}`);
    logger.warn({ err: error, upstream: { echoed: `Bearer-less ${SECRET}` }, note: `k=${encodeURIComponent(SECRET)}` }, `attempt failed with ${SECRET}`);
    logger.info({ key: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz' }, 'pattern');
    const written = lines();
    expect(written).toHaveLength(2);
    for (const line of written) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain('abcdefghijklmnop');
      JSON.parse(line);
    }
    expect(JSON.parse(written[0]!)).toMatchObject({ msg: 'attempt failed with [redacted]', err: { message: 'upstream said: invalid key [redacted]' } });
  });
});
