import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Channel } from '../shared/api.js';
import { Alert, Notice } from '../shared/components.js';
import { CallLink, Conversation } from '../shared/conversation.js';
import { SelectField, useLatest } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';
import { MessageForm } from './MessageForm.js';

const NO_CHANNEL = 'Your access does not include the general channel of this company. Your account manager can open it for you.';

/** Each company's general channel with the team, where the client's access includes it; a call where calls are allowed. */
export function GeneralChannel() {
  const portal = usePortal();
  const companies = portal.me.companies.filter((c) => c.permissions.includes('generalChat'));
  const [companyId, setCompanyId] = useState(() => {
    const def = portal.me.defaultCompany;
    return def && companies.some((c) => c.id === def.id) ? def.id : (companies[0]?.id ?? '');
  });
  const latest = useLatest();
  const [channel, setChannel] = useState<Channel | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    if (!companyId) return;
    const fresh = latest();
    setError('');
    const r = await api.channel(companyId);
    if (!fresh()) return;
    if (portal.failed(r)) {
      setChannel(null);
      return setError(r.status === 403 ? NO_CHANNEL : r.error.message);
    }
    setChannel(r.data);
  }, [companyId]);

  useEffect(() => {
    setChannel(null);
    void load();
  }, [load]);

  if (!companies.length) return null;
  const company = companies.find((c) => c.id === companyId);
  return (
    <section id="general-channel" class="card" aria-labelledby="general-channel-title" data-testid="general-channel">
      <div class="row">
        <h3 id="general-channel-title">General channel</h3>
        {channel && <CallLink url={channel.callUrl} id="channel-call" testid="channel-call" />}
      </div>
      <p class="hint">Talk with the team about anything that is not a single request.</p>
      {companies.length > 1 && (
        <SelectField
          id="general-channel-company"
          name="companyId"
          label="Company"
          errorId="general-channel-error"
          value={companyId}
          options={companies.map((c) => [c.id, c.name] as const)}
          onChange={setCompanyId}
        />
      )}
      <Alert id="general-channel-error">{error}</Alert>
      {channel && (
        <>
          <Notice id="general-channel-note">{channel.messages.length ? '' : 'No messages yet.'}</Notice>
          <Conversation
            id="general-channel-messages"
            testid="channel-messages"
            label={`Messages of the general channel${company ? ` of ${company.name}` : ''}`}
            messages={channel.messages}
            urlOf={api.attachmentUrl}
          />
          <MessageForm
            key={companyId}
            names={{
              form: 'general-channel-form',
              ariaLabel: 'Write in the general channel',
              field: 'text',
              textId: 'general-channel-text',
              textLabel: 'Your message to the team',
              filesId: 'general-channel-files',
              sendId: 'general-channel-send',
              sendLabel: 'Send to the channel',
              errorId: 'general-channel-form-error',
              forbidden: NO_CHANNEL,
            }}
            send={(text, attachmentIds) => api.postChannel(companyId, { text, attachmentIds })}
            onSent={setChannel}
          />
        </>
      )}
    </section>
  );
}
