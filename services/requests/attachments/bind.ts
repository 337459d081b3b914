import type { Knex } from 'knex';
import { unprocessable } from '../../../lib/errors.js';
import type { Actor } from '../../../internal/actor.js';

/** Where an uploaded file goes: one request (a form or the request itself), a request message or a channel message. */
export type AttachTarget = { requestId: string; messageId?: string } | { channelMessageId: string };

/**
 * Attaches files the caller uploaded and has not attached yet, in the caller's
 * transaction; any id that is not such a file refuses the whole change (422
 * naming `field`), so nothing is left half-attached.
 */
export async function attachUploads(db: Knex, actor: Actor, ids: readonly string[], companyId: string, target: AttachTarget, field = 'attachmentIds') {
  if (!ids.length) return;
  if (actor.kind === 'system') throw unprocessable(field, 'the system attaches no files');
  const updated = await db('attachments')
    .whereIn('id', ids)
    .whereNull('attached_at')
    .where({ uploaded_by_kind: actor.kind, uploaded_by_id: actor.id })
    .update({
      attached_at: db.fn.now(),
      company_id: companyId,
      request_id: 'requestId' in target ? target.requestId : null,
      message_id: 'requestId' in target ? (target.messageId ?? null) : null,
      channel_message_id: 'channelMessageId' in target ? target.channelMessageId : null,
    });
  if (updated !== ids.length) throw unprocessable(field, `${field} must name files you uploaded and have not attached yet`);
}
