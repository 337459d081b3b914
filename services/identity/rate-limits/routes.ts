import Router from '@koa/router';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { requireSystem } from '../../../internal/service-app.js';
import { HttpError } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import type { Plain } from '../../../internal/messages.js';
import { ConsumeRateLimitRequestSchema, type RateLimitConsumed } from '../../../proto/gen/extranet/v1/identity_pb.js';

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
    const { key, points, duration } = parseBody(ConsumeRateLimitRequestSchema, ctx.request.body);
    try {
      const res = await limiter(points, duration).consume(key);
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
