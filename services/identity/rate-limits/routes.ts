import Router from '@koa/router';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { requireSystem } from '../../../internal/service-app.js';
import { HttpError, badRequest } from '../../../lib/errors.js';
import type { Plain } from '../../../internal/messages.js';
import type { RateLimitConsumed } from '../../../proto/gen/extranet/v1/identity_pb.js';

/**
 * Attempt limits shared by every gateway replica: counters in PostgreSQL
 * (rate-limiter-flexible), one window per key, expired rows cleared by the
 * library, never the whole table at once.
 */
export function rateLimitRoutes(db: Knex): Router {
  const r = new Router();
  const limiters = new Map<string, RateLimiterPostgres>();
  const limiter = (points: number, duration: number) => {
    const name = `${points}/${duration}`;
    let l = limiters.get(name);
    if (!l) {
      l = new RateLimiterPostgres({
        storeClient: db,
        storeType: 'knex',
        schemaName: 'identity',
        tableName: 'rate_limits',
        tableCreated: true,
        keyPrefix: `rl${name}`,
        points,
        duration,
      });
      limiters.set(name, l);
    }
    return l;
  };

  // Consumes one attempt of `key`; 429 once more than `points` were made within `duration` seconds.
  r.post('/rate-limits/consume', async (ctx) => {
    requireSystem(ctx);
    const { key, points, duration } = ctx.request.body as Record<string, unknown>;
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw badRequest('key', 'key must be 1 to 200 characters');
    if (!Number.isInteger(points) || (points as number) < 1 || (points as number) > 100000) throw badRequest('points', 'points must be a whole number from 1');
    if (!Number.isInteger(duration) || (duration as number) < 1 || (duration as number) > 86400)
      throw badRequest('duration', 'duration must be 1 to 86400 seconds');
    try {
      const res = await limiter(points as number, duration as number).consume(key);
      ctx.body = { remaining: res.remainingPoints } satisfies Plain<RateLimitConsumed>;
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new HttpError(429, 'rate_limited', `too many attempts; wait ${Math.ceil(err.msBeforeNext / 1000)} s`, {
          retryAfterSeconds: Math.ceil(err.msBeforeNext / 1000),
        });
      }
      throw err;
    }
  });
  return r;
}
