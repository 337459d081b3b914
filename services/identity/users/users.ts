import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { conflict, notFound } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import { isUniqueViolation } from '../../../lib/db.js';
import { isUuid } from '../../../lib/http.js';
import type { Actor } from '../../../internal/actor.js';
import type { Plain } from '../../../internal/messages.js';
import type { CreatePortalUserRequest } from '../../../proto/gen/extranet/v1/governance_pb.js';
import type { PortalUser as PortalUserMessage } from '../../../proto/gen/extranet/v1/identity_pb.js';
import { newToken } from '../tokens.js';

export const userView = (u: Record<string, unknown>): Plain<PortalUserMessage> => ({
  id: u.id as string,
  login: u.login as string,
  email: u.email as string,
  firstName: u.first_name as string,
  lastName: u.last_name as string,
  activated: !u.password_is_temporary,
});

/**
 * A new portal user, not yet activated. The temporary password is random and
 * never leaves this service: the client sets their own through the invitation.
 */
export async function createPortalUser(db: Knex, actor: Pick<Actor, 'kind' | 'id'>, input: CreatePortalUserRequest) {
  const email = input.email.toLowerCase();
  const taken = await db('users').where({ login: input.login }).orWhere({ email }).first();
  if (taken) {
    const field = taken.login === input.login ? 'login' : 'email';
    throw conflict(`${field}_taken`, `a portal user with this ${field} already exists`, { field, userId: taken.id });
  }
  const id = randomUUID();
  const passwordHash = await hash(newToken());
  try {
    await db.transaction(async (tx) => {
      await tx('users').insert({ id, login: input.login, email, first_name: input.firstName, last_name: input.lastName, password_hash: passwordHash });
      await audit(tx, actor, {
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        after: { login: input.login, email, firstName: input.firstName, lastName: input.lastName },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('user_taken', 'a portal user with this login or email already exists', { field: 'login' });
    throw err;
  }
  return db('users').where({ id }).first();
}

/** Users whose login, email or name contains the text; 50 at most. */
export async function searchUsers(db: Knex, text: string) {
  const like = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return db('users')
    .modify((b) => {
      if (text) b.where((w) => w.whereILike('login', like).orWhereILike('email', like).orWhereRaw(`first_name || ' ' || last_name ilike ?`, [like]));
    })
    .orderBy('login')
    .limit(50);
}

export async function findUser(db: Knex, id: unknown) {
  const user = isUuid(id) ? await db('users').where({ id }).first() : undefined;
  if (!user) throw notFound('user');
  return user;
}
