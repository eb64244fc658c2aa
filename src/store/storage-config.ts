import { z } from 'zod';
import { SCHEMA_NAME_PATTERN, DEFAULT_POSTGRES_POOL_SIZE } from './postgres/postgres-settings.js';

/** Where the embedded store lives when the configuration names none. */
export const DEFAULT_STORAGE_PATH = '.lifeline/lifeline.db';

/**
 * The `storage:` block: a SQLite file (`path`, the zero-setup default) or a PostgreSQL database
 * (`url`, for several instances sharing one store), never both.
 */
export const storageConfigSchema = z
  .object({
    /** SQLite file; `:memory:` keeps everything in memory (tests). */
    path: z.string().min(1).optional(),
    /** `postgres://user:password@host:5432/database`; `${VAR}` keeps the password out of the file. */
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, { error: 'expected a PostgreSQL URL such as postgres://lifeline:${PGPASSWORD}@db.internal:5432/lifeline' })
      .optional(),
    /** PostgreSQL schema holding Lifeline's tables (created if missing). */
    schema: z.string().regex(SCHEMA_NAME_PATTERN, { error: 'expected a plain lower-case identifier such as lifeline' }).default('public'),
    /** PostgreSQL connections per instance at most. */
    pool_size: z.number().int().positive().max(100).default(DEFAULT_POSTGRES_POOL_SIZE),
  })
  .strict()
  .refine((storage) => storage.path === undefined || storage.url === undefined, {
    error: 'set either path (SQLite) or url (PostgreSQL), not both',
  })
  .prefault({});

type StorageFile = z.output<typeof storageConfigSchema>;

/** The store Lifeline runs with: `path` always names the SQLite file; `url`, when set, wins. */
export interface StorageSettings {
  path: string;
  url?: string;
  schema?: string;
  poolSize?: number;
}

/** The `storage:` block as settings. */
export function resolveStorage(file: StorageFile): StorageSettings {
  if (file.url !== undefined) return { path: DEFAULT_STORAGE_PATH, url: file.url, schema: file.schema, poolSize: file.pool_size };
  return { path: file.path ?? DEFAULT_STORAGE_PATH };
}
