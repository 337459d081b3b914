import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Attachment, ClientRequest, RequestMessage } from '../shared/api.js';
import { Notice } from '../shared/components.js';
import { Conversation } from '../shared/conversation.js';
import { FilePicker, useUploading } from '../shared/files.js';
import { ErrorFor, onSubmit, useBusy, useErrors, useLatest, useMounted } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

const NO_CHAT = 'Your access does not include the conversation on this request. Your account manager can open it for you.';

/** The conversation on a request: read where the access allows it, written (with files) where it allows that too. */
export function RequestChat({ request, onFilesChanged }: { request: ClientRequest; onFilesChanged(): void }) {
  const portal = usePortal();
  const mounted = useMounted();
  const latest = useLatest();
  const canRead = portal.can(request.companyId, 'requestChatRead');
  const [messages, setMessages] = useState<RequestMessage[] | null>(null);
  const [note, setNote] = useState(canRead ? '' : NO_CHAT);

  const load = useCallback(async () => {
    const fresh = latest();
    const r = await api.messages(request.id);
    if (!mounted.current || !fresh()) return;
    if (portal.failed(r)) return setNote(r.status === 403 ? NO_CHAT : r.error.message);
    setMessages(r.data.messages);
    setNote(r.data.messages.length ? '' : 'No messages yet.');
  }, [request.id]);

  // one load per request
  useEffect(() => {
    if (canRead) void load();
  }, [canRead, load]);

  return (
    <section id="chat" class="chat" aria-labelledby="chat-title">
      <h5 id="chat-title">Conversation</h5>
      <Notice id="chat-note">{note}</Notice>
      {messages && <Conversation id="chat-messages" testid="chat-messages" label="Messages on this request" messages={messages} urlOf={api.attachmentUrl} />}
      {messages && portal.can(request.companyId, 'requestChatSend') && (
        <ChatForm
          requestId={request.id}
          onSent={async (sentFiles) => {
            await load();
            if (sentFiles) onFilesChanged();
          }}
        />
      )}
    </section>
  );
}

function ChatForm({ requestId, onSent }: { requestId: string; onSent(sentFiles: boolean): Promise<void> }) {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, onUploading] = useUploading();

  const submit = async () => {
    errors.clear();
    if (!body.trim()) return errors.fail('body', 'Write a message first.');
    const r = await api.sendMessage(requestId, { body, attachmentIds: files.map((f) => f.id) });
    if (portal.failed(r)) {
      if (r.status === 403) return errors.show({ message: 'Your access does not include writing in this conversation.' });
      return errors.show(r.error);
    }
    setBody('');
    setFiles([]);
    await onSent(files.length > 0);
  };

  return (
    <form id="chat-form" ref={errors.scope} noValidate aria-label="Write a message" onSubmit={onSubmit(run, submit)}>
      <label for="chat-body">Your message</label>
      <textarea
        id="chat-body"
        name="body"
        maxLength={10000}
        required
        aria-describedby="chat-body-error"
        aria-invalid={errors.invalid('body')}
        value={body}
        onInput={(e) => setBody(e.currentTarget.value)}
      />
      <ErrorFor errors={errors} field="body" id="chat-body-error" />
      <FilePicker
        id="chat-files"
        field="attachmentIds"
        label={
          <>
            Files <span class="muted">(optional)</span>
          </>
        }
        multiple
        files={files}
        errors={errors}
        testid="chat-files"
        upload={async (file) => {
          const r = await api.upload(file);
          portal.failed(r);
          return r;
        }}
        remove={(id) => api.deleteAttachment(id)}
        onChange={setFiles}
        onUploading={onUploading}
      />
      <button type="submit" id="chat-send" disabled={busy || uploading}>
        Send
      </button>
      <ErrorFor errors={errors} field="" id="chat-error" />
    </form>
  );
}
