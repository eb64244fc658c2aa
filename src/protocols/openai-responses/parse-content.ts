import type { FilePart, RawPart, TextPart } from '../../canonical/index.js';
import { guessImageMediaType, parseDataUrl } from '../openai/parse-content-parts.js';
import { invalidParameter, invalidType, invalidValue, parseOrThrow } from '../openai/request-errors.js';
import { RESPONSES_FORMAT } from './responses-format.js';
import { inputFileSchema, inputImageSchema, inputTextSchema, refusalSchema, typedSchema } from './schemas.js';

type PathSegment = string | number;
type InputPart = TextPart | FilePart | RawPart;

const INPUT_PART_TYPES = ['input_text', 'input_image', 'input_file'] as const;
const ASSISTANT_PART_TYPES = ['output_text', 'refusal'] as const;

/**
 * Message or tool-output content: a string, or `input_text` / `input_image` / `input_file` parts.
 * An image by URL or data URL and a file by data become canonical files; a file or image named only
 * by an OpenAI `file_id` means nothing to another provider, so it stays a raw Responses part
 * (sent as-is to a Responses target, dropped for others).
 */
export function parseInputContent(content: string | readonly unknown[], path: readonly PathSegment[]): InputPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => parseInputPart(part, [...path, index]));
}

/** Assistant message content: `output_text` and `refusal` parts, both kept as text. */
export function parseAssistantContent(content: string | readonly unknown[], path: readonly PathSegment[]): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => {
    const partPath = [...path, index];
    const typed = parseOrThrow(typedSchema, part, partPath);
    if (typed.type === 'refusal') return { type: 'text', text: parseOrThrow(refusalSchema, part, partPath).refusal };
    // Clients replaying history sometimes send their own earlier turns as input_text: take them as text too.
    if (typed.type === 'output_text' || typed.type === 'input_text') return { type: 'text', text: parseOrThrow(inputTextSchema, part, partPath).text };
    throw invalidValue([...partPath, 'type'], typed.type, ASSISTANT_PART_TYPES);
  });
}

/** Text-only content (system and developer messages). */
export function parseTextOnlyContent(content: string | readonly unknown[], path: readonly PathSegment[]): TextPart[] {
  return parseInputContent(content, path).map((part, index) => {
    if (part.type !== 'text') throw invalidParameter([...path, index], 'system and developer messages take text parts only.');
    return part;
  });
}

function parseInputPart(part: unknown, path: readonly PathSegment[]): InputPart {
  if (part === null || typeof part !== 'object' || Array.isArray(part)) throw invalidType(path, 'an object', part);
  const typed = parseOrThrow(typedSchema, part, path);
  switch (typed.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: parseOrThrow(inputTextSchema, part, path).text };
    case 'input_image':
      return parseImage(part, path);
    case 'input_file':
      return parseFile(part, path);
    default:
      throw invalidValue([...path, 'type'], typed.type ?? 'undefined', INPUT_PART_TYPES);
  }
}

function parseImage(part: object, path: readonly PathSegment[]): FilePart | RawPart {
  const image = parseOrThrow(inputImageSchema, part, path);
  const providerOptions = image.detail && image.detail !== 'auto' ? { providerOptions: { openai: { detail: image.detail } } } : {};
  if (image.image_url) {
    const dataUrl = parseDataUrl(image.image_url);
    if (dataUrl) return { type: 'file', mediaType: dataUrl.mediaType, data: { kind: 'base64', base64: dataUrl.base64 }, ...providerOptions };
    if (/^https?:\/\//i.test(image.image_url)) {
      return { type: 'file', mediaType: guessImageMediaType(image.image_url), data: { kind: 'url', url: image.image_url }, ...providerOptions };
    }
    throw invalidParameter([...path, 'image_url'], 'Expected a base64-encoded data URL with an image MIME type, or an http(s) URL.');
  }
  if (image.file_id) return { type: 'raw', format: RESPONSES_FORMAT, value: part };
  throw invalidParameter(path, "expected one of 'image_url' or 'file_id'.");
}

function parseFile(part: object, path: readonly PathSegment[]): FilePart | RawPart {
  const file = parseOrThrow(inputFileSchema, part, path);
  const filename = file.filename ? { filename: file.filename } : {};
  if (file.file_data) {
    // OpenAI documents file_data as a data URL; a bare base64 string is taken as PDF, as OpenAI does.
    const data = parseDataUrl(file.file_data) ?? { mediaType: 'application/pdf', base64: file.file_data };
    return { type: 'file', mediaType: data.mediaType, data: { kind: 'base64', base64: data.base64 }, ...filename };
  }
  if (file.file_url) return { type: 'file', mediaType: 'application/pdf', data: { kind: 'url', url: file.file_url }, ...filename };
  if (file.file_id) return { type: 'raw', format: RESPONSES_FORMAT, value: part };
  throw invalidParameter(path, "expected one of 'file_data', 'file_url' or 'file_id'.");
}
