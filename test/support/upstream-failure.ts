import { UpstreamHttpError } from '../../src/errors/index.js';

/** The UpstreamHttpError `promise` rejects with; throws when it resolves or rejects with anything else. */
export async function upstreamFailureOf(promise: Promise<unknown>): Promise<UpstreamHttpError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof UpstreamHttpError)) throw new Error(`expected an UpstreamHttpError, got ${String(error)}`);
  return error;
}
