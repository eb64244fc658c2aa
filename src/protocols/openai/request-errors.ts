import type { z } from 'zod';
import { InvalidRequestError } from '../../errors/index.js';

type PathSegment = string | number;

/**
 * Builds a param the way OpenAI writes it: `messages[0].content[1].image_url.url`.
 * (The InvalidRequestError doc suggests dots; OpenAI clients see OpenAI's bracket style.)
 */
export function formatParam(path: readonly PathSegment[]): string {
  let param = '';
  for (const segment of path) {
    if (typeof segment === 'number') param += `[${segment}]`;
    else param += param === '' ? segment : `.${segment}`;
  }
  return param;
}

/** `an integer`, `a string`, `null` …: how OpenAI names the type it got. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a decimal';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  record: 'an object',
};

/** `Missing required parameter: 'x'.` */
export function missingParameter(path: readonly PathSegment[]): InvalidRequestError {
  const param = formatParam(path);
  return new InvalidRequestError(`Missing required parameter: '${param}'.`, { param });
}

/** `Invalid type for 'x': expected …, but got … instead.` */
export function invalidType(path: readonly PathSegment[], expected: string, value: unknown): InvalidRequestError {
  const param = formatParam(path);
  return new InvalidRequestError(`Invalid type for '${param}': expected ${expected}, but got ${describeJsonType(value)} instead.`, { param });
}

/** `Invalid value: 'v'. Supported values are: 'a', 'b', and 'c'.` */
export function invalidValue(path: readonly PathSegment[], value: unknown, supported: readonly string[]): InvalidRequestError {
  const param = formatParam(path);
  const quoted = supported.map((item) => `'${item}'`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}` : (quoted[0] ?? '');
  return new InvalidRequestError(`Invalid value: '${String(value)}'. Supported values are: ${list}.`, { param });
}

/** `Invalid 'x': <reason>.` for everything else. */
export function invalidParameter(path: readonly PathSegment[], reason: string): InvalidRequestError {
  const param = formatParam(path);
  return new InvalidRequestError(`Invalid '${param}': ${reason}`, { param });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Turns the first zod issue into an OpenAI-worded InvalidRequestError. */
export function issueToError(issue: z.core.$ZodIssue, root: unknown, prefix: readonly PathSegment[]): InvalidRequestError {
  const relative = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  const path = [...prefix, ...relative];
  const value = valueAt(root, relative);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return missingParameter(path);
      return invalidType(path, EXPECTED_NAMES[issue.expected] ?? issue.expected, value);
    case 'invalid_value':
      return invalidValue(path, value, issue.values.map((item) => String(item)));
    case 'too_small':
      if (Array.isArray(value) && value.length === 0) {
        return invalidParameter(path, 'empty array. Expected an array with minimum length 1, but got an empty array instead.');
      }
      return invalidParameter(path, `${issue.message}.`);
    case 'invalid_union':
      return invalidParameter(path, `unsupported value of type ${describeJsonType(value)}.`);
    default:
      return invalidParameter(path, `${issue.message}.`);
  }
}

/** Parses `value` with `schema` or throws the first issue as an InvalidRequestError under `prefix`. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, prefix: readonly PathSegment[]): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) return invalidParameterThrow(prefix);
  throw issueToError(issue, value, prefix);
}

function invalidParameterThrow(prefix: readonly PathSegment[]): never {
  throw invalidParameter(prefix, 'invalid value.');
}
