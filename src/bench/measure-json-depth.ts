import { readFileSync } from 'node:fs';
import { jsonDepthExceeds } from '../http/json-depth.js';

/*
 * What the `server.max_json_depth` scan costs on a long Claude Code request, beside the
 * JSON.parse every request pays anyway. Run: `npm run build && node dist/bench/measure-json-depth.js`.
 *
 * The body is the recorded first turn (test/fixtures/specs/claude-code), its redacted texts filled
 * back to their lengths, plus history turns (a tool call reading a file, the file in a tool result,
 * an answer) until it reaches about 300 KB: the shape of a session some way in.
 */

const TARGET_BYTES = 300 * 1024;
const ROUNDS = 2_000;

const FILE = `import { readFile } from 'node:fs/promises';\n\nexport async function load(path: string): Promise<string> {\n  const text = await readFile(path, "utf8");\n  return text.replace(/\\\\r\\\\n/g, '\\n'); // "quoted" and \\\\escaped\n}\n`;

function claudeCodeBody(): Buffer {
  const fixture = readFileSync(new URL('../../test/fixtures/specs/claude-code/request-first-turn.redacted.json', import.meta.url), 'utf8');
  const filler = (length: number) => 'Use the tools "as described"; keep answers short.\n'.repeat(Math.ceil(length / 50)).slice(0, length);
  const filled = fixture.replace(/<(\d+) characters of Claude Code's own text>/g, (_match, length: string) => JSON.stringify(filler(Number(length))).slice(1, -1));
  const body = (JSON.parse(filled) as { body: { messages: unknown[] } }).body;
  for (let turn = 0; JSON.stringify(body).length < TARGET_BYTES; turn++) {
    body.messages.push(
      { role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${turn}`, name: 'Read', input: { file_path: `/work/src/file-${turn}.ts`, limit: 2000 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${turn}`, content: FILE.repeat(12) }] },
      { role: 'assistant', content: [{ type: 'text', text: `File ${turn} loads text and normalises line endings.` }] },
    );
  }
  return Buffer.from(JSON.stringify(body));
}

/** Mean µs per call of `work` over ROUNDS calls, after a warm-up. */
function microseconds(work: () => unknown): number {
  for (let round = 0; round < ROUNDS / 10; round++) work();
  const startedAt = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) work();
  return Number(process.hrtime.bigint() - startedAt) / 1_000 / ROUNDS;
}

const body = claudeCodeBody();
const scan = microseconds(() => jsonDepthExceeds(body, 128));
const parse = microseconds(() => JSON.parse(body.toString('utf8')));
console.log(`body: ${(body.length / 1024).toFixed(0)} KB, depth limit 128 exceeded: ${jsonDepthExceeds(body, 128)}`);
console.log(`depth scan: ${scan.toFixed(1)} µs per request; toString + JSON.parse: ${parse.toFixed(1)} µs; scan ÷ parse = ${((scan / parse) * 100).toFixed(1)} %`);
