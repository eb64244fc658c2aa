import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { join } from 'node:path';
import type { RecordedRequest, ScriptRule } from '../../src/simulators/index.js';
import { createTempProject, parseJsonResult, removeTempDirectory, runClaudeCode, type ClaudeCodeRun } from './claude-code.js';
import { proxyEnvironment, startNetworkTrap, type NetworkTrap } from './claude-code-network-trap.js';
import { startRequestTap, type RequestTap, type TappedRequest } from './claude-code-tap.js';
import { FINAL_ANSWER, FINAL_RESULT, INPUT_TEXT, TASK_PROMPT } from './claude-code-task.js';
import { startStack, type Stack, type StackProvider } from './start-stack.js';

/** Everything a task run left behind, collected before the stack is torn down. */
export interface TaskOutcome {
  run: ClaudeCodeRun;
  projectDirectory: string;
  /** Requests each simulator received, by provider name (`asim`, `osim`). */
  requestsBySim: Record<string, RecordedRequest[]>;
  /** Requests exactly as the CLI sent them to Lifeline (recorded by a tap in front of it). */
  clientRequests: TappedRequest[];
  /** Connections that tried to leave the machine through the trap proxy (should be none). */
  escapedTraffic: string[];
  /** result.txt after the run, undefined when it was never written. */
  resultFile: string | undefined;
}

/** Options for {@link runClaudeCodeTask}. */
export interface RunTaskOptions {
  routes: Record<string, string[]>;
  /** Script rules per simulator (`asim`, `osim`, or the names in `providers`), given the project directory. */
  scripts: (projectDirectory: string) => Partial<Record<string, ScriptRule[]>>;
  /** The simulated providers; default an Anthropic simulator `asim` and an OpenAI one `osim`. */
  providers?: StackProvider[];
  /** Other top-level config blocks (resilience, health, ...). */
  config?: Record<string, unknown>;
  /** More environment for the CLI (`ANTHROPIC_MODEL`, ...). */
  cliEnv?: Record<string, string>;
  /** Called once the stack is up and the CLI is about to start; may return a cleanup. */
  duringRun?: (stack: Stack) => (() => void) | undefined;
  /** CLI timeout; default 100 s. */
  timeoutMs?: number;
}

/**
 * Starts an Anthropic simulator (`asim`) and an OpenAI one (`osim`), or the given providers, behind a real Lifeline, runs the
 * real Claude Code CLI on a fresh project holding input.txt, and tears everything down. The CLI talks
 * to Lifeline through a recording tap; non-loopback traffic is sent to a trap proxy and reported in
 * `escapedTraffic`.
 */
export async function runClaudeCodeTask(options: RunTaskOptions): Promise<TaskOutcome> {
  const projectDirectory = await createTempProject({ 'input.txt': INPUT_TEXT });
  let stack: Stack | undefined;
  let trap: NetworkTrap | undefined;
  let tap: RequestTap | undefined;
  let cleanup: (() => void) | undefined;
  try {
    stack = await startStack({
      providers: options.providers ?? [
        { name: 'asim', simulator: { format: 'anthropic' } },
        { name: 'osim', simulator: { format: 'openai' } },
      ],
      routes: options.routes,
      ...(options.config ? { config: options.config } : {}),
    });
    trap = await startNetworkTrap();
    tap = await startRequestTap(stack.anthropicBaseUrl);
    const scripts = options.scripts(projectDirectory);
    for (const [name, sim] of Object.entries(stack.sims)) sim.control.setScript(scripts[name] ?? []);
    cleanup = options.duringRun?.(stack);
    const run = await runClaudeCode({
      baseUrl: tap.url,
      prompt: TASK_PROMPT,
      cwd: projectDirectory,
      maxTurns: 8,
      timeoutMs: options.timeoutMs ?? 100_000,
      extraEnv: { ...proxyEnvironment(trap), ...options.cliEnv },
    });
    const requestsBySim: Record<string, RecordedRequest[]> = {};
    for (const [name, sim] of Object.entries(stack.sims)) requestsBySim[name] = sim.control.requests();
    const resultFile = await readFile(join(projectDirectory, 'result.txt'), 'utf8').catch(() => undefined);
    return { run, projectDirectory, requestsBySim, clientRequests: tap.requests(), escapedTraffic: trap.attempts(), resultFile };
  } finally {
    cleanup?.();
    await tap?.close();
    await trap?.close();
    await stack?.close();
    await removeTempDirectory(projectDirectory);
  }
}

/** One line per failed expectation's context: how the CLI ended and what it printed. */
export function describeRun(run: ClaudeCodeRun): string {
  return `exit ${String(run.exitCode)} (signal ${String(run.signal)}, timed out ${String(run.timedOut)}) after ${run.durationMs} ms\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
}

/**
 * What every successful task run must show: a clean exit with nothing printed as an error, the exact
 * final answer (nothing lost or repeated), result.txt as written and edited, and no traffic that
 * left the machine. Returns the run's description for the caller's own expectations.
 */
export function expectTaskSucceeded(outcome: TaskOutcome): string {
  const { run } = outcome;
  const context = describeRun(run);
  expect(run.timedOut, context).toBe(false);
  expect(run.exitCode, context).toBe(0);
  expect(run.stderr, context).not.toMatch(/error/i);
  expect(run.stdout, context).not.toMatch(/API Error/i);
  expect(parseJsonResult(run)).toMatchObject({ type: 'result', subtype: 'success', is_error: false, result: FINAL_ANSWER });
  expect(outcome.resultFile).toBe(FINAL_RESULT);
  expect(outcome.escapedTraffic).toEqual([]);
  return context;
}
