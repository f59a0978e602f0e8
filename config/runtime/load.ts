import { livePlatformsOf, RuntimeEnvSchema, SECRET_SETTINGS, productionProblems, providerProblems, type RuntimeEnv } from './schema';

export interface RuntimeConfig extends RuntimeEnv {
  /** Where phones and portal pages reach this BFF; defaults to http://localhost:PORT. */
  PUBLIC_URL: string;
  /** The data keys, newest first: DATA_KEYS, or DATA_KEY alone as `k0`. */
  dataKeys: Array<{ id: string; base64: string }>;
  /** The mini-program platforms whose people this deployment serves (login, prefill, face check). */
  livePlatforms: Array<'alipay' | 'weapp' | 'h5'>;
}

/** Thrown by `loadConfig`; `problems` names each bad setting. */
export class ConfigError extends Error {
  constructor(readonly problems: Array<{ setting: string; message: string }>) {
    super('配置无效，服务未启动 (invalid configuration, not starting):\n' + problems.map((p) => `  ${p.setting}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parse and check the environment once; throws `ConfigError` naming every bad setting. */
export function loadConfig(raw: Record<string, string | undefined>): RuntimeConfig {
  // Empty variables count as unset, the way shells and compose files usually mean them.
  const env = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = RuntimeEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const setting = String(issue.path[0] ?? 'environment');
        const shown = SECRET_SETTINGS.has(setting) || env[setting] === undefined ? '' : ` (got ${JSON.stringify(env[setting])})`;
        return { setting, message: issue.message + shown };
      }),
    );
  }
  const problems = [...providerProblems(parsed.data), ...productionProblems(parsed.data, env)];
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...parsed.data,
    PUBLIC_URL: parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`,
    dataKeys: parsed.data.DATA_KEYS ?? [{ id: 'k0', base64: parsed.data.DATA_KEY }],
    livePlatforms: livePlatformsOf(parsed.data),
  };
}
