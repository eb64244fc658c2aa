import { z } from 'zod';
import { clientKeyUsage, createClientKey, CLIENT_KEY_NAME_PATTERN, type ClientKeySummary } from '../client-keys/client-key-service.js';
import { parseDurationMs } from '../client-keys/parse-duration.js';
import type { KeyUsage, LifelineStore } from '../store/store.js';
import { captured, parseWith, queryObject, readAdminBody, type AdminRouteFactory } from './admin-request.js';

/** What the client-key admin routes need from the running Lifeline. */
export interface ClientKeyAdmin {
  store: Pick<LifelineStore, 'clientKeys' | 'keyUsage'>;
  now(): number;
  /** Usage counted but not yet written, so lists are current. */
  unwritten(): KeyUsage[];
  /** Called after a create or revoke, so this instance's door knows at once. */
  changed(): Promise<void>;
  list(): Promise<ClientKeySummary[]>;
}

const NAME = '([A-Za-z0-9][A-Za-z0-9._-]{0,63})';
const KEY_PATH = new RegExp(`^/admin/keys/${NAME}$`);
const USAGE_PATH = new RegExp(`^/admin/keys/${NAME}/usage$`);

const routesSchema = z.union([z.array(z.string().min(1).max(200)).max(100), z.string().max(4_000).transform((text) => text.split(','))]);

/** `POST /admin/keys`: the same options as `lifeline keys create`. */
const newKeyBodySchema = z
  .object({
    name: z.string().regex(CLIENT_KEY_NAME_PATTERN, { error: 'a key name uses letters, digits, ".", "_" and "-" (at most 64)' }),
    routes: routesSchema.optional(),
    rpm: z.number().int().positive().optional(),
    tokens_per_day: z.number().int().positive().optional(),
    /** Defer the key's requests when every target fails. */
    defer: z.boolean().optional(),
    expires: z
      .string()
      .optional()
      .superRefine((value, context) => {
        if (value === undefined) return;
        try {
          parseDurationMs(value);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
  })
  .strict();

const usageQuerySchema = z.object({ days: z.coerce.number({ error: 'days must be a number' }).int().min(1).max(366).optional() });

/** The client-key routes of the admin API: list, create (the key is in this answer only), revoke, usage. */
export function clientKeyAdminRoutes(route: AdminRouteFactory, admin: ClientKeyAdmin) {
  return [
    route('POST', (path) => path === '/admin/keys', async (context) => {
      const body = parseWith(newKeyBodySchema, await readAdminBody(context));
      const { key, record } = await createClientKey(
        admin.store,
        {
          name: body.name,
          ...(body.routes ? { routes: body.routes } : {}),
          ...(body.rpm !== undefined ? { rpm: body.rpm } : {}),
          ...(body.tokens_per_day !== undefined ? { tokensPerDay: body.tokens_per_day } : {}),
          ...(body.expires !== undefined ? { expiresInMs: parseDurationMs(body.expires) } : {}),
          ...(body.defer === true ? { defer: true } : {}),
        },
        admin.now(),
      );
      await admin.changed();
      const summary = (await admin.list()).find((entry) => entry.name === record.name);
      return { status: 201, body: { key, client_key: summary, note: 'This is the only time the key is shown; Lifeline stores its SHA-256 only.' } };
    }),
    route('GET', (path) => KEY_PATH.test(path), async (_context, path) => {
      const name = captured(KEY_PATH, path);
      const summary = (await admin.list()).find((entry) => entry.name === name);
      if (!summary) return { status: 404, body: { error: { message: `No client key named "${name}".` } } };
      return { status: 200, body: { client_key: summary } };
    }),
    route('DELETE', (path) => KEY_PATH.test(path), async (context, path) => {
      context.request.resume();
      const name = captured(KEY_PATH, path);
      await admin.store.clientKeys.revoke(name, admin.now());
      await admin.changed();
      return { status: 200, body: { client_key: (await admin.list()).find((entry) => entry.name === name) } };
    }),
    route('GET', (path) => USAGE_PATH.test(path), async (context, path) => {
      const query = parseWith(usageQuerySchema, queryObject(context.query));
      return { status: 200, body: { usage: await clientKeyUsage(admin.store, captured(USAGE_PATH, path), admin.now(), query.days ?? 7, admin.unwritten()) } };
    }),
  ];
}

