import { pino, type Logger as PinoLogger } from 'pino';

import type { Config } from './config.js';

export type Logger = PinoLogger;

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  // `pretty` keeps JSON but one line per event with a readable time; no extra dependency.
  return pino({
    level: config.logLevel,
    base: { service: 'sift' },
    ...(config.logFormat === 'pretty' ? { timestamp: pino.stdTimeFunctions.isoTime } : {}),
  });
}
