export { GatewayError, type TargetRef, type GatewayErrorOptions } from './gateway-error.js';
export {
  canFailOver,
  FAILURE_CLASS_TABLE,
  FAILURE_CLASSES,
  policyFor,
  type FailureClass,
  type FailureClassFacts,
  type FailureGroup,
  type FailureOrigin,
  type FailurePolicy,
  type KeyCooldownKind,
} from './failure-class.js';
export { InvalidRequestError } from './invalid-request-error.js';
export { RequestTooLargeError } from './request-too-large-error.js';
export { ModelNotFoundError } from './model-not-found-error.js';
export { NotFoundError } from './not-found-error.js';
export { UnsupportedFeatureError } from './unsupported-feature-error.js';
export { UpstreamHttpError, type UpstreamHttpErrorOptions } from './upstream-http-error.js';
export { UpstreamTimeoutError, type TimeoutPhase } from './upstream-timeout-error.js';
export { UpstreamConnectionError } from './upstream-connection-error.js';
export { UpstreamResponseError } from './upstream-response-error.js';
export { ClientCancelledError } from './client-cancelled-error.js';
export { RequestRefusedError, type RefusalReason } from './request-refused-error.js';
export { LifelineError, type LifelineFailureKind } from './lifeline-error.js';
export { ContinuationFailedError, type ContinuationFailure } from './continuation-failed-error.js';
export { ConfigError } from './config-error.js';
export { NoHealthyTargetError, type AttemptRecord } from './no-healthy-target-error.js';
export { ConflictError } from './conflict-error.js';
export { ClientKeyRefusedError, type ClientKeyRefusal } from './client-key-refused-error.js';
export { StoreUnavailableError } from './store-unavailable-error.js';

import { GatewayError } from './gateway-error.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { UpstreamHttpError } from './upstream-http-error.js';
import { NoHealthyTargetError } from './no-healthy-target-error.js';
import { LifelineError } from './lifeline-error.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

/** True for any error Lifeline raised on purpose. */
export const isGatewayError = (error: unknown): error is GatewayError => error instanceof GatewayError;
export const isInvalidRequestError = (error: unknown): error is InvalidRequestError => error instanceof InvalidRequestError;
export const isUpstreamHttpError = (error: unknown): error is UpstreamHttpError => error instanceof UpstreamHttpError;
export const isNoHealthyTargetError = (error: unknown): error is NoHealthyTargetError => error instanceof NoHealthyTargetError;
export const isLifelineError = (error: unknown): error is LifelineError => error instanceof LifelineError;
export const isStoreUnavailableError = (error: unknown): error is StoreUnavailableError => error instanceof StoreUnavailableError;
