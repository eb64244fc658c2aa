import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real Claude Code CLI installed as a devDependency (a native binary). */
export const CLAUDE_CODE_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin/claude');

/** The key Claude Code sends; Lifeline must not forward it. */
export const CLAUDE_CODE_CLIENT_KEY = 'sk-client-key-not-forwarded';

/** Options for {@link runClaudeCode}. */
export interface RunClaudeCodeOptions {
  /** Lifeline's base URL (no /v1), given to the CLI as ANTHROPIC_BASE_URL. */
  baseUrl: string;
  prompt: string;
  /** Working directory (the project Claude Code works on). */
  cwd: string;
  /** Tools allowed without a permission prompt; default Read Bash Write Edit. */
  allowedTools?: string[];
  /** Agentic turns before the CLI stops; default 8. */
  maxTurns?: number;
  /** Default 'json' (one result object on stdout). */
  outputFormat?: 'text' | 'json' | 'stream-json';
  /** The process group is killed after this long; default 120 s. */
  timeoutMs?: number;
  /** More CLI arguments, after the defaults. */
  extraArgs?: string[];
  /** More environment variables (win over the defaults). */
  extraEnv?: Record<string, string>;
}

/** What one CLI run produced. */
export interface ClaudeCodeRun {
  /** Exit status, null when killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the run hit `timeoutMs` and was killed. */
  timedOut: boolean;
  durationMs: number;
}

/** Claude Code's `--output-format json` result (the fields the tests read). */
export interface ClaudeCodeJsonResult {
  type: string;
  subtype?: string;
  is_error?: boolean;
  result?: string;
  num_turns?: number;
}

/**
 * The environment the CLI gets: built from scratch so no ANTHROPIC_* / CLAUDE_* variable (a real key,
 * a real base URL, OAuth tokens) of the person running the tests leaks in, with the settings that keep
 * the CLI off the internet (only ANTHROPIC_BASE_URL is called).
 */
export function claudeCodeEnvironment(baseUrl: string, home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: CLAUDE_CODE_CLIENT_KEY,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    ...extra,
  };
}

/** Creates a throwaway project directory holding `files` (relative path -> content). */
export async function createTempProject(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'lifeline-cc-project-'));
  for (const [path, content] of Object.entries(files)) {
    const target = join(directory, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return directory;
}

/** Removes a directory made by {@link createTempProject} (or any temp dir). */
export async function removeTempDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
}

/**
 * Runs `claude -p <prompt>` headless against `baseUrl` with a fresh HOME, capturing stdout, stderr
 * and the exit status. On timeout the whole process group (the CLI and the shells its Bash tool
 * started) gets SIGKILL, so a hung CLI cannot outlive the test.
 */
export async function runClaudeCode(options: RunClaudeCodeOptions): Promise<ClaudeCodeRun> {
  const home = await mkdtemp(join(tmpdir(), 'lifeline-cc-home-'));
  const args = [
    '-p',
    options.prompt,
    '--allowedTools',
    (options.allowedTools ?? ['Read', 'Bash', 'Write', 'Edit']).join(' '),
    '--max-turns',
    String(options.maxTurns ?? 8),
    '--output-format',
    options.outputFormat ?? 'json',
    ...(options.extraArgs ?? []),
  ];
  const started = Date.now();
  try {
    return await new Promise<ClaudeCodeRun>((resolvePromise, reject) => {
      const child = spawn(CLAUDE_CODE_BIN, args, {
        cwd: options.cwd,
        env: claudeCodeEnvironment(options.baseUrl, home, options.extraEnv),
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout can kill the CLI and everything it spawned.
        detached: true,
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const killGroup = (): void => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
      }, options.timeoutMs ?? 120_000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (exitCode, signal) => {
        clearTimeout(timer);
        // Leftover grandchildren (a Bash tool's shell) must not outlive the run.
        killGroup();
        resolvePromise({ exitCode, signal, stdout, stderr, timedOut, durationMs: Date.now() - started });
      });
    });
  } finally {
    await removeTempDirectory(home);
  }
}

/** Parses the single result object `--output-format json` prints; throws with the raw output otherwise. */
export function parseJsonResult(run: ClaudeCodeRun): ClaudeCodeJsonResult {
  const text = run.stdout.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`Claude Code printed no JSON result (exit ${String(run.exitCode)}):\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { type?: unknown }).type !== 'string') {
    throw new Error(`unexpected Claude Code result: ${text}`);
  }
  return parsed as ClaudeCodeJsonResult;
}
