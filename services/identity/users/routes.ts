import Router from '@koa/router';
import type { Knex } from 'knex';
import { requireStaff } from '../../../internal/service-app.js';
import { badRequest } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import { CreatePortalUserRequestSchema } from '../../../proto/gen/extranet/v1/governance_pb.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import { type FirstSignIns, FirstSignInsQuerySchema, type UserList } from '../../../proto/gen/extranet/v1/identity_pb.js';
import { createPortalUser, findUser, searchUsers, userView } from './users.js';

/** Portal users, as employees see them in the link wizard. */
export function userRoutes(db: Knex): Router {
  const r = new Router();
  r.post('/users', async (ctx) => {
    const actor = requireStaff(ctx);
    const input = parseBody(CreatePortalUserRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = userView(await createPortalUser(db, actor, input));
  });
  r.get('/users', async (ctx) => {
    requireStaff(ctx);
    const text = typeof ctx.query.q === 'string' ? ctx.query.q.trim() : '';
    if (text.length > 100) throw badRequest('q', 'q must be at most 100 characters');
    ctx.body = { users: (await searchUsers(db, text)).map(userView) } satisfies Plain<UserList>;
  });
  // The onboarding checklist: when these portal users first signed in (from their sessions; none: never).
  r.post('/users/first-sign-ins', async (ctx) => {
    requireStaff(ctx);
    const { userIds } = parseBody(FirstSignInsQuerySchema, ctx.request.body);
    const rows = userIds.length
      ? await db('sessions').whereIn('user_id', userIds).groupBy('user_id').select('user_id', db.raw('min(created_at) as first'))
      : [];
    ctx.body = {
      users: rows.map((r: { user_id: string; first: Date }) => ({ userId: r.user_id, firstSignInAt: isoTime(r.first) })),
    } satisfies Plain<FirstSignIns>;
  });
  r.get('/users/:id', async (ctx) => {
    requireStaff(ctx);
    ctx.body = userView(await findUser(db, ctx.params.id));
  });
  return r;
}
