/** Lifeline's provider simulators: Anthropic Messages and OpenAI Chat Completions servers with scripted replies and faults. */
export { startSimulator } from './start-simulator.js';
export { faultSpecSchema, scriptRulesSchema } from './control-schemas.js';
export type {
  AwsTestCredential,
  ContinuationBehaviour,
  ContinuationMode,
  FaultKind,
  FaultMatch,
  FaultSpec,
  RecordedRequest,
  ScriptMatch,
  ScriptReply,
  ScriptRule,
  ScriptToolCall,
  SimulatorControl,
  SimulatorFormat,
  SimulatorHandle,
  StartSimulatorOptions,
} from './types.js';
