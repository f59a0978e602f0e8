import pino, { type Logger } from 'pino';

/**
 * Field names that may carry personal data or secrets. They are censored wherever they appear in
 * the first three levels of a log object; request bodies are never logged in the first place.
 */
export const PERSONAL_FIELDS = [
  'name',
  'idNumber',
  'cardNumber',
  'phone',
  'signature',
  'facePicture',
  'authCode',
  'code',
  'token',
  'cert_no',
  'cert_name',
  'certNo',
  'certName',
  'authorization',
  'cookie',
  'password',
  'secret',
];

const REDACT_PATHS = PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);

export type { Logger };

/** The BFF's one logger: JSON lines to stdout, personal fields censored. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
