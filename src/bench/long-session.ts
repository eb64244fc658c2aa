/**
 * The request a coding agent sends late in a long session: the whole conversation again, every
 * turn. One user task, then `roundTrips` tool round trips (an assistant turn with a line of text
 * and a tool call, a user turn with the tool's ~2 KB result of source code), then the next
 * request, streamed. Built in both wire formats from the same conversation, so the translated
 * scenario's baseline is the native request a client of the upstream would send.
 */
import type { ClientFormat } from './scenarios.js';

/** Sizes the bench measures: ~300 KB (120 round trips, as the issue describes) and ~1 MB. */
export const SESSION_ROUND_TRIPS = { 'session-300k': 120, 'session-1m': 420 } as const;
export type SessionSize = keyof typeof SESSION_ROUND_TRIPS;

const SYSTEM = 'You are an interactive CLI tool that helps users with software engineering tasks. '.repeat(24);

const TOOLS = [
  { name: 'Read', description: 'Reads a file from the local filesystem.', properties: { file_path: { type: 'string', description: 'Absolute path' }, offset: { type: 'number' }, limit: { type: 'number' } } },
  { name: 'Edit', description: 'Performs exact string replacements in files.', properties: { file_path: { type: 'string' }, old_string: { type: 'string' }, new_string: { type: 'string' } } },
  { name: 'Bash', description: 'Executes a bash command in a persistent shell session.', properties: { command: { type: 'string' }, timeout: { type: 'number' } } },
  { name: 'Grep', description: 'A powerful search tool built on ripgrep.', properties: { pattern: { type: 'string' }, path: { type: 'string' }, glob: { type: 'string' } } },
];

/** ~2 KB of source code with quotes, backslashes and newlines, different for every round trip. */
function toolResult(index: number): string {
  const lines: string[] = [];
  for (let line = 1; lines.join('\n').length < 1900; line += 1) {
    lines.push(`${String(line).padStart(4)}\tconst value${index}_${line} = parse("field-${(index * 31 + line) % 97}", { strict: true }); // \\n keeps "${line}"`);
  }
  return lines.join('\n');
}

interface RoundTrip {
  id: string;
  path: string;
  result: string;
}

function roundTrips(count: number): RoundTrip[] {
  return Array.from({ length: count }, (_, index) => ({ id: `toolu_${String(index).padStart(20, '0')}`, path: `/repo/src/module-${index}.ts`, result: toolResult(index) }));
}

const TASK = 'Refactor the parser so every module validates its input; run the tests after each change.';

function anthropicBody(model: string, trips: RoundTrip[]): Record<string, unknown> {
  const messages: unknown[] = [{ role: 'user', content: [{ type: 'text', text: TASK }] }];
  for (const trip of trips) {
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: `Let me read ${trip.path}.` },
        { type: 'tool_use', id: trip.id, name: 'Read', input: { file_path: trip.path } },
      ],
    });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: trip.id, content: trip.result }] });
  }
  return {
    model,
    max_tokens: 32000,
    stream: true,
    system: [{ type: 'text', text: SYSTEM }],
    tools: TOOLS.map((tool) => ({ name: tool.name, description: tool.description, input_schema: { type: 'object', properties: tool.properties } })),
    messages,
    metadata: { user_id: 'user_bench_session' },
  };
}

function openaiBody(model: string, trips: RoundTrip[]): Record<string, unknown> {
  const messages: unknown[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: TASK },
  ];
  for (const trip of trips) {
    messages.push({
      role: 'assistant',
      content: `Let me read ${trip.path}.`,
      tool_calls: [{ id: trip.id, type: 'function', function: { name: 'Read', arguments: JSON.stringify({ file_path: trip.path }) } }],
    });
    messages.push({ role: 'tool', tool_call_id: trip.id, content: trip.result });
  }
  return {
    model,
    max_tokens: 32000,
    stream: true,
    tools: TOOLS.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: { type: 'object', properties: tool.properties } } })),
    messages,
  };
}

/** The JSON text of the long-session request of `size`, in `format`, asking for `model`. */
export function longSessionBody(format: ClientFormat, size: SessionSize, model: string): string {
  const trips = roundTrips(SESSION_ROUND_TRIPS[size]);
  return JSON.stringify(format === 'anthropic' ? anthropicBody(model, trips) : openaiBody(model, trips));
}
