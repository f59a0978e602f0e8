import type { Middleware } from 'koa';
import { z } from 'zod';
import { zhCN } from 'zod/locales';
import { validationFailed } from '../errors';

// Fields without a message of their own still get a Chinese one ("无效输入：期望 string…").
z.config(zhCN());

type Schemas = { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType };
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What `validate` leaves on `ctx.state.input`, typed from the schemas. */
export type Input<S extends Schemas> = { body: Out<S['body']>; query: Out<S['query']>; params: Out<S['params']> };

/** Joins a zod path the way people read it: `participants[0].idNumber`. */
function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/**
 * Parses body, query and route params with their zod schemas and puts the typed result on
 * `ctx.state.input`; the first problem becomes a 400 `validation_failed` naming the field.
 */
export function validate<S extends Schemas>(schemas: S): Middleware<{ input: Input<S> }> {
  return async (ctx, next) => {
    const input: Record<string, unknown> = {};
    const issues: Array<{ path: string; message: string }> = [];
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const raw =
        part === 'body'
          ? ((ctx.request as { body?: unknown }).body ?? {})
          : part === 'query'
            ? ctx.query
            : (ctx as { params?: unknown }).params;
      const result = schema.safeParse(raw);
      if (result.success) input[part] = result.data;
      else for (const issue of result.error.issues) issues.push({ path: pathOf(issue.path), message: issue.message });
    }
    if (issues.length > 0) throw validationFailed(issues);
    ctx.state.input = input as Input<S>;
    await next();
  };
}
