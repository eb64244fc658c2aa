import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real Codex CLI from the `@openai/codex` devDependency (a native binary behind a node shim). */
export const CODEX_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin/codex');

/** The key Codex sends (from the provider's env_key); Lifeline must not forward it. */
export const CODEX_CLIENT_KEY = 'sk-codex-client-key-not-forwarded';

/** Options for {@link runCodex}. */
export interface RunCodexOptions {
  /** Lifeline's OpenAI base URL (with /v1): the custom model provider's base_url. */
  baseUrl: string;
  /** The model Codex asks for (a Lifeline route). */
  model: string;
  prompt: string;
  /** The project directory Codex works in. */
  cwd: string;
  /** The process group is killed after this long; default 60 s. */
  timeoutMs?: number;
  /** How many times Codex retries a failed stream; default 1 (so an outage shows quickly). */
  streamRetries?: number;
}

/** What one `codex exec` run produced. */
export interface CodexRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** JSONL events (`--json`). */
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The last agent message (`--output-last-message`), '' when none. */
  lastMessage: string;
}

/**
 * The throwaway CODEX_HOME's config.toml: one custom model provider at Lifeline speaking the
 * Responses API, no approvals, no sandbox, nothing that would call out to the internet.
 */
export function codexConfigToml(options: { baseUrl: string; model: string; streamRetries: number }): string {
  return [
    `model = ${JSON.stringify(options.model)}`,
    'model_provider = "lifeline"',
    'approval_policy = "never"',
    'sandbox_mode = "danger-full-access"',
    'check_for_update_on_startup = false',
    '',
    '[model_providers.lifeline]',
    'name = "Lifeline"',
    `base_url = ${JSON.stringify(options.baseUrl)}`,
    'env_key = "LIFELINE_API_KEY"',
    'wire_api = "responses"',
    `stream_max_retries = ${options.streamRetries}`,
    'request_max_retries = 1',
    'stream_idle_timeout_ms = 20000',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[otel]',
    'exporter = "none"',
    '',
  ].join('\n');
}

/** Runs `codex exec` headless against Lifeline in a fresh CODEX_HOME, killed after `timeoutMs`. */
export async function runCodex(options: RunCodexOptions): Promise<CodexRun> {
  const home = await mkdtemp(join(tmpdir(), 'lifeline-codex-home-'));
  const lastMessagePath = join(home, 'last-message.txt');
  try {
    await writeFile(join(home, 'config.toml'), codexConfigToml({ baseUrl: options.baseUrl, model: options.model, streamRetries: options.streamRetries ?? 1 }));
    const environment: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: home,
      CODEX_HOME: home,
      TMPDIR: process.env.TMPDIR ?? tmpdir(),
      SHELL: '/bin/bash',
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      LIFELINE_API_KEY: CODEX_CLIENT_KEY,
      RUST_LOG: 'warn',
    };
    const args = [
      'exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '--ephemeral',
      '--color', 'never', '-C', options.cwd, '-o', lastMessagePath, options.prompt,
    ];
    const child = spawn(CODEX_BIN, args, { cwd: options.cwd, env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs ?? 60_000);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolveExit) => child.on('close', (code, closeSignal) => resolveExit([code, closeSignal])));
    clearTimeout(timer);
    const { readFile } = await import('node:fs/promises');
    const lastMessage = await readFile(lastMessagePath, 'utf8').catch(() => '');
    return { exitCode, signal, stdout, stderr, timedOut, lastMessage };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
