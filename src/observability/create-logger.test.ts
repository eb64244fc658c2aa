import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
