import pino from 'pino';

/**
 * The process logger: JSON lines, level from LOG_LEVEL (default info; silent in
 * tests). The process name is read at each line, because a main module names
 * its process after its imports (this one included) have run.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: {},
  mixin: () => ({ process: process.env.EXTRANET_PROCESS ?? 'extranet' }),
});
