import pino from 'pino';

/** The process logger: JSON lines, level from LOG_LEVEL (default info; silent in tests). */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { process: process.env.EXTRANET_PROCESS ?? 'extranet' },
});
