import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeEventLoopWindow } from './event-loop-window.js';

// The built probe (`npm run build` first), as the bench preloads it.
const PROBE = pathToFileURL(resolve('dist/bench/event-loop-probe.js')).href;
// Blocks its own loop for 600 ms whenever a line arrives on stdin; otherwise idles on a timer.
const CHILD = `
process.stdin.on('data', () => { const until = Date.now() + 600; while (Date.now() < until); process.stdout.write('blocked\\n'); });
setInterval(() => {}, 1000);
process.stdout.write('ready\\n');
`;

function nextLine(child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  return new Promise((resolveLine) => {
    const onData = (chunk: Buffer) => {
      if (!chunk.toString().includes(text)) return;
      child.stdout.off('data', onData);
      resolveLine();
    };
    child.stdout.on('data', onData);
  });
}

describe('event-loop-probe', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  let directory: string | undefined;
  afterEach(() => {
    child?.kill();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('reports each window since the previous signal and, as span, the last two together', async () => {
    directory = mkdtempSync(join(tmpdir(), 'lifeline-probe-'));
    const file = join(directory, 'loop.json');
    child = spawn(process.execPath, ['--import', PROBE, '-e', CHILD], { env: { ...process.env, LIFELINE_BENCH_LOOP_FILE: file } });
    await nextLine(child, 'ready');
    const opened = await closeEventLoopWindow(child.pid!, file, 0);
    const blocked = nextLine(child, 'blocked');
    child.stdin.write('block\n');
    await blocked;
    const burst = await closeEventLoopWindow(child.pid!, file, opened.sequence);
    await new Promise((resolveWait) => setTimeout(resolveWait, 300));
    const trickle = await closeEventLoopWindow(child.pid!, file, burst.sequence);

    expect([opened.sequence, burst.sequence, trickle.sequence]).toEqual([1, 2, 3]);
    expect(burst.maxMs).toBeGreaterThan(500);
    // The window after the block does not see it; the span over the last two windows does.
    expect(trickle.maxMs).toBeLessThan(500);
    expect(trickle.span.maxMs).toBeGreaterThan(500);
  }, 20_000);
});
