import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../internal/actor.js';
import { recordEvent } from '../../../internal/outbox.js';
import { attachUploads } from '../attachments/bind.js';

/** Who did it, as the history and the conversation keep it. */
export function authorOf(actor: Actor): { kind: 'employee' | 'client' | 'system'; id: string; name: string } {
  if (actor.kind === 'system') return { kind: 'system', id: actor.id, name: actor.id };
  return { kind: actor.kind, id: actor.id, name: actor.name };
}

/** One entry of a request's history, in the caller's transaction; the request's `updated_at` moves with it. */
export async function record(db: Knex, requestId: string, kind: string, actor: Actor, detail = ''): Promise<void> {
  const who = authorOf(actor);
  await db('request_events').insert({ id: randomUUID(), request_id: requestId, kind, actor_kind: who.kind, actor_id: who.id, actor_name: who.name, detail });
  await db('requests').where({ id: requestId }).update({ updated_at: db.fn.now() });
}

/**
 * Adds a message to a request's conversation with its files, in one
 * transaction: the message, the files attached to it, who wrote last (an
 * internal comment does not answer the client), the history entry and the
 * event that notifies the other side. In the caller's transaction, if any.
 */
export async function addMessage(
  db: Knex,
  req: { id: string; company_id: string },
  author: Extract<Actor, { kind: 'client' | 'employee' }>,
  input: { text: string; internal: boolean; attachmentIds: readonly string[] },
): Promise<string> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx('request_messages').insert({
      id,
      request_id: req.id,
      author_kind: author.kind,
      author_id: author.id,
      author_name: author.name,
      body: input.text,
      internal: input.internal,
    });
    await attachUploads(tx, author, input.attachmentIds, req.company_id, { requestId: req.id, messageId: id });
    if (!input.internal) {
      await tx('requests').where({ id: req.id }).update({ last_author_kind: author.kind });
      // A message the client reads tells the other side; an internal comment tells nobody outside the team.
      const kind = author.kind === 'client' ? 'client_message' : 'request_reply';
      await recordEvent(tx, { kind, companyId: req.company_id, requestId: req.id, actorId: author.id });
    }
    await record(tx, req.id, input.internal ? 'internal_comment' : 'message', author);
  });
  return id;
}
