import { createHmac } from 'node:crypto';
import { optional, serviceConfig, type ServiceConfig } from '../../lib/config.js';

export interface RequestsConfig extends ServiceConfig {
  /** MEETING_URL_TEMPLATE: the meeting room of a conversation, `{room}` replaced; calls are offered only when set. */
  meetingUrlTemplate?: string;
}

export const loadRequestsConfig = (env = process.env): RequestsConfig => ({
  ...serviceConfig(env, 'REQUESTS_PORT', 8103),
  meetingUrlTemplate: optional(env, 'MEETING_URL_TEMPLATE'),
});

/** The meeting room of one conversation (a request, a company's channel): a name nobody can guess from its ids. */
export function callUrl(config: RequestsConfig, conversation: string): string {
  if (!config.meetingUrlTemplate) return '';
  const room = `extranet-${createHmac('sha256', config.internalSecret).update(`meeting-room:${conversation}`).digest('base64url').slice(0, 20)}`;
  return config.meetingUrlTemplate.replaceAll('{room}', room);
}
