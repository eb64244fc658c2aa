import { z } from 'zod';

/** Statuspage incident statuses, as stored in `status` columns. */
export const incidentStatusSchema = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
/** Statuspage impact levels. */
export const incidentImpactSchema = z.enum(['none', 'minor', 'major', 'critical']);
/** Published component statuses. */
export const componentStatusSchema = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage']);

/** The `component_ids` JSON column. */
export const componentIdsSchema = z.array(z.string());
/** The `affected_components` JSON column. */
export const affectedComponentsSchema = z.array(z.object({ id: z.string(), status: componentStatusSchema }));

/** 0/1 columns: SQLite has no boolean type and better-sqlite3 cannot bind `true`. */
export const sqliteBooleanSchema = z.number().transform((value) => value !== 0);

/** Binds a boolean as SQLite stores it. */
export function toSqliteBoolean(value: boolean): number {
  return value ? 1 : 0;
}

/**
 * Reads a JSON text column through a schema, so a hand-edited or damaged row fails with a clear
 * message instead of leaking a wrong shape into the status page.
 */
export function parseJsonColumn<Schema extends z.ZodType>(text: string, schema: Schema, column: string): z.output<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`The store's ${column} column holds invalid JSON`, { cause: error });
  }
  return schema.parse(value);
}

/** `undefined` → SQL NULL, for optional fields. */
export function toNullable<Value>(value: Value | undefined): Value | null {
  return value === undefined ? null : value;
}
