import type { ServiceClient } from '../client.js';
import type { Plain } from '../messages.js';
import type { HandedCount, OutboxEvents } from '../../proto/gen/extranet/v1/notifications_pb.js';

/** A service's outbox (internal/outbox.ts), as the worker's relay reads it: the oldest events waiting first, marked once handed. */
export interface OutboxSource {
  readonly name: string;
  pending(limit: number): Promise<Plain<OutboxEvents>>;
  handed(ids: string[]): Promise<Plain<HandedCount>>;
}

export function outboxSource(service: ServiceClient): OutboxSource {
  return {
    name: service.name,
    pending: (limit) => service.call(service.system, 'GET', `/internal/outbox?limit=${limit}`),
    handed: (ids) => service.call(service.system, 'POST', '/internal/outbox/handed', { ids }),
  };
}
