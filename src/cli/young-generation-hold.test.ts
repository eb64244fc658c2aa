import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built module (`npm run build` first), imported first as main.ts does, in a fresh process.
const HOLD = pathToFileURL(resolve('dist/cli/young-generation-hold.js')).href;
// Allocates ~40 MB that stays alive, reads the new space's size, releases, allocates as much again, reads it again.
const SCRIPT = `
import v8 from 'node:v8';
const { releaseYoungGeneration } = await import(${JSON.stringify(HOLD)});
const newSpaceMb = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 1048576;
const kept = [];
const allocate = (tag) => { for (let index = 0; index < 300000; index += 1) kept.push({ index, text: tag + index, pair: [index, index] }); };
allocate('a');
const held = newSpaceMb();
releaseYoungGeneration();
allocate('b');
process.stdout.write(JSON.stringify({ held, released: newSpaceMb() }));
`;

function run(nodeArgs: string[] = []): { held: number; released: number } {
  return JSON.parse(execFileSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })) as { held: number; released: number };
}

describe('young-generation-hold', () => {
  it('keeps the new space at its starting size while held, and lets it grow once released', () => {
    const { held, released } = run();
    expect(held).toBeLessThanOrEqual(4);
    expect(released).toBeGreaterThan(held);
  });

  it('leaves a growth factor the operator set alone', () => {
    // With the operator's factor of 2 the same start-up allocation grows the new space at once.
    const { held } = run(['--semi-space-growth-factor=2']);
    expect(held).toBeGreaterThan(4);
  });
});
