export { loadConfig, ConfigError, type RuntimeConfig } from './load';
export { DEV_SECRETS } from './schema';
