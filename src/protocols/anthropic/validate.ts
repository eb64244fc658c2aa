import type { z } from 'zod';
import { InvalidRequestError } from '../../errors/index.js';
import { FAST_CHECKS } from './fast-checks.js';

type Path = ReadonlyArray<PropertyKey>;

/**
 * Parses `value` with `schema` or throws an InvalidRequestError worded like the real API's
 * (pydantic) messages: `messages.0.content: Field required`, `max_tokens: Input should be a valid integer`.
 * `path` is where `value` sits in the request body.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown, path: Path = []): z.output<Schema> {
  // A value the schema certainly accepts is its own parse (fast-checks.ts): nothing is copied.
  if (FAST_CHECKS.get(schema)?.(value) === true) return value as z.output<Schema>;
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const fullPath = [...path, ...(issue?.path ?? [])];
  const param = fullPath.map(String).join('.');
  const text = issue ? describeIssue(issue) : 'Invalid input';
  throw new InvalidRequestError(param ? `${param}: ${text}` : text, param ? { param } : {});
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a valid string',
  number: 'a valid number',
  int: 'a valid integer',
  boolean: 'a valid boolean',
  array: 'a valid list',
  object: 'a valid dictionary',
  record: 'a valid dictionary',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  // A missing field carries no `input` key even with reportInput; a present null does.
  const missing = !('input' in issue) || issue.input === undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return 'Field required';
      return `Input should be ${TYPE_WORDS[issue.expected] ?? `a valid ${issue.expected}`}`;
    case 'invalid_value':
      return `Input should be ${issue.values.map((value) => `'${String(value)}'`).join(' or ')}`;
    case 'too_small':
      return `Input should be greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return `Input should be less than or equal to ${String(issue.maximum)}`;
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const tag = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
        if (tag === undefined) return 'Field required';
        return `Input tag '${String(tag)}' found using '${issue.discriminator}' does not match any of the expected tags: ${options.map((option) => `'${String(option)}'`).join(', ')}`;
      }
      if (missing) return 'Field required';
      return 'Input should be a valid string or a valid list';
    }
    default:
      return issue.message;
  }
}
