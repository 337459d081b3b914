import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Attachment, Channel, Company } from '../../shared/api.js';
import { Alert, Notice } from '../../shared/components.js';
import { CallLink, Conversation } from '../../shared/conversation.js';
import { FilePicker, useUploading } from '../../shared/files.js';
import { ErrorFor, SelectField, onSubmit, useBusy, useErrors, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';

/** The team's side of a client company's general channel: its messages, a call, and a message to the company's clients. */
export function TeamChannel() {
  const g = useGovernance();
  const latest = useLatest();
  const [companies, setCompanies] = useState<Company[] | null>(null);
  const [companyId, setCompanyId] = useState('');
  const [channel, setChannel] = useState<Channel | null>(null);
  const [error, setError] = useState('');

  // the client companies, once
  useEffect(() => {
    void g.clientCompanies().then((list) => {
      if (!list) return setError('The companies cannot be read now; try again in a moment.');
      setCompanies(list);
      setCompanyId((c) => c || (list[0]?.id ?? ''));
    });
  }, []);

  const load = useCallback(async () => {
    if (!companyId) return;
    const fresh = latest();
    setError('');
    const r = await gov.channel(companyId);
    if (!fresh()) return;
    if (!r.ok) {
      setChannel(null);
      return setError(r.error.message);
    }
    setChannel(r.data);
  }, [companyId]);

  useEffect(() => {
    setChannel(null);
    void load();
  }, [load]);

  const name = g.companyName(companyId);
  return (
    <div class="card" data-testid="team-channel">
      <div class="actions heading-row">
        <h3 id="team-channel-title">General channel{companyId ? ` of ${name}` : ''}</h3>
        {channel && <CallLink url={channel.callUrl} id="team-channel-call" testid="team-channel-call" />}
      </div>
      <p class="hint">The conversation with all the clients of a company who may use its general chat.</p>
      <div class="toolbar">
        <SelectField
          id="team-channel-company"
          name="companyId"
          label="Company"
          errorId="team-channel-error"
          value={companyId}
          options={(companies ?? []).map((c) => [c.id, c.name] as const)}
          onChange={setCompanyId}
        />
        <button type="button" class="secondary" id="team-channel-refresh" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <Alert id="team-channel-error">{error}</Alert>
      {channel && (
        <>
          <Notice id="team-channel-note">{channel.messages.length ? '' : 'No messages yet.'}</Notice>
          <Conversation
            id="team-channel-messages"
            testid="team-channel-messages"
            label={`Messages of the general channel of ${name}`}
            messages={channel.messages}
            urlOf={gov.attachmentUrl}
          />
          <TeamChannelForm key={companyId} companyId={companyId} onSent={setChannel} />
        </>
      )}
    </div>
  );
}

function TeamChannelForm({ companyId, onSent }: { companyId: string; onSent(channel: Channel): void }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, onUploading] = useUploading();

  const submit = async () => {
    errors.clear();
    if (!text.trim()) return errors.fail('text', 'Write a message first.');
    const r = await gov.postChannel(companyId, { text, attachmentIds: files.map((f) => f.id) });
    if (!r.ok) return errors.show(r.error);
    setText('');
    setFiles([]);
    onSent(r.data);
  };

  return (
    <form id="team-channel-form" ref={errors.scope} noValidate aria-label="Write in the general channel" onSubmit={onSubmit(run, submit)}>
      <div class="field">
        <label for="team-channel-text">Message to the company’s clients</label>
        <textarea
          id="team-channel-text"
          name="text"
          maxLength={10000}
          required
          aria-describedby="team-channel-text-error"
          aria-invalid={errors.invalid('text')}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <ErrorFor errors={errors} field="text" id="team-channel-text-error" />
      </div>
      <FilePicker
        id="team-channel-files"
        field="attachmentIds"
        label="Files (optional)"
        multiple
        files={files}
        errors={errors}
        upload={(file) => gov.upload(file)}
        remove={(id) => gov.deleteAttachment(id)}
        onChange={setFiles}
        onUploading={onUploading}
      />
      <div class="actions">
        <button type="submit" id="team-channel-send" disabled={busy || uploading}>
          Send to the channel
        </button>
      </div>
      <ErrorFor errors={errors} field="" id="team-channel-form-error" />
    </form>
  );
}
