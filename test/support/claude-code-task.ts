import { join } from 'node:path';
import type { ScriptRule } from '../../src/simulators/index.js';

/** The scripted coding task Claude Code carries out in the e2e tests. */
export const TASK_PROMPT = 'LIFELINE-E2E-TASK: add up the numbers in input.txt and record the count and the sum in result.txt.';

/** Contents of the project's input.txt: three numbers, sum 10451. */
export const INPUT_TEXT = '1207\n3415\n5829\n';

/** What the Bash step prints (only the Bash tool's result holds it). */
export const BASH_OUTPUT = 'sum-of-input=10451';

/** result.txt as the Write step creates it (count from the Read result, sum from the Bash result). */
export const WRITTEN_RESULT = 'lines=3 sum=10451\n';

/** result.txt after the Edit step. */
export const FINAL_RESULT = 'count=3 sum=10451\n';

/** The model's final answer. */
export const FINAL_ANSWER = 'Done: result.txt says count=3 sum=10451.';

/** A file the model tries to read in parallel with input.txt; it does not exist. */
export const MISSING_FILE = 'notes.txt';

/** Text the model says next to its Bash call. */
export const BASH_PREAMBLE = 'The file has three numbers; now I will add them up.';

/** Tool-call ids the simulated model uses, one per step. */
export interface TaskToolIds {
  read: string;
  /** Sent in parallel with `read`, for a file that does not exist (an `is_error` result). */
  readMissing: string;
  bash: string;
  write: string;
  edit: string;
}

/** The tool calls of the task in order, as the simulated model sends them. */
export function taskToolCalls(projectDirectory: string, ids: TaskToolIds) {
  return {
    read: { id: ids.read, name: 'Read', input: { file_path: join(projectDirectory, 'input.txt') } },
    readMissing: { id: ids.readMissing, name: 'Read', input: { file_path: join(projectDirectory, MISSING_FILE) } },
    bash: {
      id: ids.bash,
      name: 'Bash',
      input: { command: `awk '{ s += $1 } END { print "sum-of-input=" s }' input.txt`, description: 'Add up the numbers' },
    },
    write: { id: ids.write, name: 'Write', input: { file_path: join(projectDirectory, 'result.txt'), content: WRITTEN_RESULT } },
    edit: {
      id: ids.edit,
      name: 'Edit',
      input: { file_path: join(projectDirectory, 'result.txt'), old_string: 'lines=3', new_string: 'count=3' },
    },
  };
}

/**
 * Script rules that make the simulated model do Read (two files in parallel, one missing) -> Bash ->
 * Write -> Edit -> answer. Each rule
 * keys on what only the previous tool's result contains, latest step first (first match wins), so a
 * request without the expected result (a lost or mangled tool result) falls through to the
 * simulator's default reply and the run visibly goes wrong.
 */
export function taskScript(projectDirectory: string, ids: TaskToolIds, options: { thinking?: string } = {}): ScriptRule[] {
  const calls = taskToolCalls(projectDirectory, ids);
  return [
    // The Write and Edit results both name result.txt; the Edit one comes after the fourth assistant turn.
    { match: { toolResultContains: 'result.txt', minTurns: 4, lastMessageIsToolResult: true }, reply: { text: FINAL_ANSWER } },
    { match: { toolResultContains: 'result.txt', lastMessageIsToolResult: true }, reply: { toolCalls: [calls.edit] } },
    { match: { toolResultContains: BASH_OUTPUT, lastMessageIsToolResult: true }, reply: { toolCalls: [calls.write] } },
    { match: { toolResultContains: '5829', lastMessageIsToolResult: true }, reply: { text: BASH_PREAMBLE, toolCalls: [calls.bash] } },
    {
      match: { lastUserText: 'LIFELINE-E2E-TASK', lastMessageIsToolResult: false },
      reply: { ...(options.thinking === undefined ? {} : { thinking: options.thinking }), toolCalls: [calls.read, calls.readMissing] },
    },
  ];
}
