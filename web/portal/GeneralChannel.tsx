import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Attachment, Channel } from '../shared/api.js';
import { Alert, Notice } from '../shared/components.js';
import { CallLink, Conversation } from '../shared/conversation.js';
import { FilePicker, useUploading } from '../shared/files.js';
import { ErrorFor, SelectField, onSubmit, useBusy, useErrors, useLatest } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

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
          <ChannelMessageForm key={companyId} companyId={companyId} onSent={setChannel} />
        </>
      )}
    </section>
  );
}

function ChannelMessageForm({ companyId, onSent }: { companyId: string; onSent(channel: Channel): void }) {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, onUploading] = useUploading();

  const submit = async () => {
    errors.clear();
    if (!text.trim()) return errors.fail('text', 'Write a message first.');
    const r = await api.postChannel(companyId, { text, attachmentIds: files.map((f) => f.id) });
    if (portal.failed(r)) return errors.show(r.status === 403 ? { message: NO_CHANNEL } : r.error);
    setText('');
    setFiles([]);
    onSent(r.data);
  };

  return (
    <form id="general-channel-form" ref={errors.scope} noValidate aria-label="Write in the general channel" onSubmit={onSubmit(run, submit)}>
      <label for="general-channel-text">Your message to the team</label>
      <textarea
        id="general-channel-text"
        name="text"
        maxLength={10000}
        required
        aria-describedby="general-channel-text-error"
        aria-invalid={errors.invalid('text')}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <ErrorFor errors={errors} field="text" id="general-channel-text-error" />
      <FilePicker
        id="general-channel-files"
        field="attachmentIds"
        label={
          <>
            Files <span class="muted">(optional)</span>
          </>
        }
        multiple
        files={files}
        errors={errors}
        upload={async (file) => {
          const r = await api.upload(file);
          portal.failed(r);
          return r;
        }}
        remove={(id) => api.deleteAttachment(id)}
        onChange={setFiles}
        onUploading={onUploading}
      />
      <button type="submit" id="general-channel-send" disabled={busy || uploading}>
        Send to the channel
      </button>
      <ErrorFor errors={errors} field="" id="general-channel-form-error" />
    </form>
  );
}
