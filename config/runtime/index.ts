export { loadConfig, ConfigError, type RuntimeConfig } from './load';
export { DEV_SECRETS, modeOf } from './schema';
