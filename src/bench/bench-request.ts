import { longSessionBody } from './long-session.js';
import type { ClientFormat, Scenario } from './scenarios.js';

/** One HTTP request the load generator repeats. */
export interface BenchRequest {
  /** `http://host:port`, the key of the connection pool. */
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Text the end of a complete response must contain (the stream's last event), if any. */
  endMarker?: string;
}

/** Origins of the processes under test. */
export interface BenchOrigins {
  anthropicSimulator: string;
  openaiSimulator: string;
  lifeline: string;
  bareProxy: string;
  /** Absent when the run has no nginx. */
  nginx?: string;
}

const PROMPT = 'Hello there, please answer briefly.';

const STREAM_END_MARKERS: Record<ClientFormat, string> = { anthropic: 'message_stop', openai: '[DONE]' };

/** `http://host:port` of a base URL such as `http://127.0.0.1:4100/v1`. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

function originFor(scenario: Scenario, origins: BenchOrigins): string {
  switch (scenario.via) {
    case 'lifeline':
      return origins.lifeline;
    case 'bare-proxy':
      return origins.bareProxy;
    case 'nginx':
      if (origins.nginx === undefined) throw new Error(`${scenario.id}: this run has no nginx`);
      return origins.nginx;
    case 'direct':
      return scenario.upstream === 'anthropic' ? origins.anthropicSimulator : origins.openaiSimulator;
  }
}

function bodyFor(scenario: Scenario): string {
  if (scenario.body !== 'small') return longSessionBody(scenario.clientFormat, scenario.body, scenario.model);
  const messages = [{ role: 'user', content: PROMPT }];
  return JSON.stringify(
    scenario.clientFormat === 'anthropic'
      ? { model: scenario.model, max_tokens: 256, messages, stream: scenario.stream }
      : { model: scenario.model, messages, stream: scenario.stream },
  );
}

/**
 * The request a scenario sends in the client's format (a small chat, or a long session's whole
 * conversation), to the simulator, the bare proxy, nginx or Lifeline.
 */
export function benchRequestFor(scenario: Scenario, origins: BenchOrigins): BenchRequest {
  const origin = originFor(scenario, origins);
  const body = bodyFor(scenario);
  const request: BenchRequest =
    scenario.clientFormat === 'anthropic'
      ? {
          origin,
          path: '/v1/messages',
          headers: { 'content-type': 'application/json', 'x-api-key': 'sk-bench-client', 'anthropic-version': '2023-06-01' },
          body,
        }
      : { origin, path: '/v1/chat/completions', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-client' }, body };
  if (scenario.stream) request.endMarker = STREAM_END_MARKERS[scenario.clientFormat];
  return request;
}
