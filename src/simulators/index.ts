/** Lifeline's provider simulators: Anthropic Messages and OpenAI Chat Completions servers with scripted replies and faults. */
export { startSimulator } from './start-simulator.js';
export { startAzureSimulator, type AzureSimulatorHandle, type StartAzureSimulatorOptions } from './azure/start-azure-simulator.js';
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
  SimulatorFront,
  SimulatorHandle,
  StartSimulatorOptions,
} from './types.js';
