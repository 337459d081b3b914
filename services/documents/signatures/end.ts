import type { Knex } from 'knex';

export type EndStatus = 'completed' | 'declined' | 'expired' | 'withdrawn';

/**
 * Ends the pending signature requests `which` selects, in the caller's
 * transaction, and answers their ids (the gateway or the worker then wakes
 * their workflows). A request that already ended is left as it is.
 */
export async function endSignatureRequests(
  tx: Knex | Knex.Transaction,
  which: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  status: EndStatus,
  reason: string,
): Promise<string[]> {
  const rows = await which(tx('signature_requests')).where('status', 'pending').update({ status, end_reason: reason, ended_at: tx.fn.now() }).returning('id');
  return rows.map((r: { id: string }) => r.id);
}
