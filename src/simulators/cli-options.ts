import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { continuationBehaviourSchema, scriptRulesSchema } from './control-schemas.js';
import type { ContinuationMode, SimulatorFormat, StartSimulatorOptions } from './types.js';

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return parsed;
}

function format(value: string): SimulatorFormat {
  if (value !== 'anthropic' && value !== 'openai' && value !== 'gemini' && value !== 'vertex') throw new InvalidArgumentError('expected anthropic, openai, gemini or vertex');
  return value;
}

function continuationMode(value: string): ContinuationMode {
  const parsed = continuationBehaviourSchema.safeParse({ mode: value });
  if (!parsed.success) throw new InvalidArgumentError('expected exact, ignore-instruction, prefill-rest, reject-prefill, diverge or repeat-tail');
  return parsed.data.mode;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

interface CliFlags {
  format: SimulatorFormat;
  host?: string;
  port?: number;
  script?: string;
  keys?: string[];
  chunkCount?: number;
  chunkDelayMs?: number;
  models?: string[];
  strictModels?: boolean;
  name?: string;
  continuation?: ContinuationMode;
}

/** Parses `lifeline-simulator` arguments (`argv` without node and script) into simulator options. */
export function parseCliOptions(argv: readonly string[]): StartSimulatorOptions {
  const program = new Command()
    .name('simulator')
    .description('Run a faithful Anthropic or OpenAI provider simulator')
    .requiredOption('--format <format>', 'anthropic | openai', format)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'port (0 = ephemeral)', integer, 0)
    .option('--script <file>', 'JSON file with ScriptRule[]')
    .option('--keys <keys>', 'comma-separated accepted API keys', list)
    .option('--chunk-count <n>', 'stream deltas per reply', integer)
    .option('--chunk-delay-ms <ms>', 'delay between stream events', integer)
    .option('--models <models>', 'comma-separated models for GET /v1/models', list)
    .option('--strict-models', 'unknown model -> 404')
    .option('--name <name>', 'label used in default replies')
    .option('--continuation <mode>', 'how continuations are answered: exact | ignore-instruction | prefill-rest | reject-prefill | diverge | repeat-tail', continuationMode)
    .exitOverride()
    .parse([...argv], { from: 'user' });
  const flags = program.opts<CliFlags>();
  const options: StartSimulatorOptions = { format: flags.format };
  if (flags.host !== undefined) options.host = flags.host;
  if (flags.port !== undefined) options.port = flags.port;
  if (flags.keys !== undefined) options.keys = flags.keys;
  if (flags.chunkCount !== undefined) options.chunkCount = flags.chunkCount;
  if (flags.chunkDelayMs !== undefined) options.chunkDelayMs = flags.chunkDelayMs;
  if (flags.models !== undefined) options.models = flags.models;
  if (flags.strictModels !== undefined) options.strictModels = flags.strictModels;
  if (flags.name !== undefined) options.name = flags.name;
  if (flags.continuation !== undefined) options.continuation = { mode: flags.continuation };
  if (flags.script !== undefined) {
    const text = readFileSync(flags.script, 'utf8');
    options.script = scriptRulesSchema.parse(JSON.parse(text) as unknown);
  }
  return options;
}
