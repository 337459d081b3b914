import { useEffect, useState } from 'preact/hooks';
import { REQUEST_STATUS_WORDS } from '../../domain/wording.js';
import type { ClientRequest, RequestMessage } from '../shared/api.js';
import { Alert, Facts, Notice } from '../shared/components.js';
import { humanize, when, wordOf } from '../shared/format.js';
import { ErrorFor, onSubmit, useBusy, useErrors, useMounted } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

const NO_CHAT = 'Your access does not include the conversation on this request. Your account manager can open it for you.';

/** One request: its facts and, where the client's access includes it, its conversation. */
export function RequestDetail({ id }: { id: string }) {
  const portal = usePortal();
  const mounted = useMounted();
  const [request, setRequest] = useState<ClientRequest | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);

  // one load per opening (the component is keyed by it)
  useEffect(() => {
    void api.request(id).then((r) => {
      if (!mounted.current) return;
      setLoading(false);
      if (portal.failed(r)) return setError(r.error.message);
      setRequest(r.data);
    });
  }, []);

  const company = request && portal.companyOf(request.companyId);
  return (
    <article id="request-detail" aria-labelledby="request-detail-title" data-testid="request-detail">
      <h4 id="request-detail-title">{loading ? 'Loading…' : (request?.title ?? 'Request')}</h4>
      {request && (
        <Facts
          id="request-facts"
          rows={[
            ['Status', wordOf(REQUEST_STATUS_WORDS, request.status)],
            ['Company', company?.name ?? ''],
            ['Pipeline', portal.pipelines.get(request.pipelineId) ?? ''],
            ['Responsible', request.responsible ?? ''],
            ['Created', when(request.createdAt, '')],
          ]}
        />
      )}
      {request?.description && (
        <p id="request-description" class="description">
          {request.description}
        </p>
      )}
      <Alert id="request-error">{error}</Alert>
      {request && <Chat request={request} />}
    </article>
  );
}

/** The conversation on a request: read where the access allows it, written where it allows that too. */
function Chat({ request }: { request: ClientRequest }) {
  const portal = usePortal();
  const mounted = useMounted();
  const canRead = portal.can(request.companyId, 'requestChatRead');
  const [messages, setMessages] = useState<RequestMessage[] | null>(null);
  const [note, setNote] = useState(canRead ? '' : NO_CHAT);

  // one load per request
  useEffect(() => {
    if (!canRead) return;
    void api.messages(request.id).then((r) => {
      if (!mounted.current) return;
      if (portal.failed(r)) return setNote(r.status === 403 ? NO_CHAT : r.error.message);
      setMessages(r.data.messages);
      if (!r.data.messages.length) setNote('No messages yet.');
    });
  }, []);

  return (
    <section id="chat" class="chat" aria-labelledby="chat-title">
      <h4 id="chat-title">Conversation</h4>
      <Notice id="chat-note">{note}</Notice>
      <ul id="chat-messages" class="plain" data-testid="chat-messages">
        {messages?.map((m) => (
          <li key={m.id} data-testid="chat-message">
            <div class="meta">
              {m.authorName || humanize(m.authorKind)} · {when(m.createdAt, '')}
            </div>
            <p class="body">{m.body}</p>
          </li>
        ))}
      </ul>
      {messages && portal.can(request.companyId, 'requestChatSend') && (
        <ChatForm
          requestId={request.id}
          onSent={(m) => {
            setNote('');
            setMessages([...messages, m]);
          }}
        />
      )}
    </section>
  );
}

function ChatForm({ requestId, onSent }: { requestId: string; onSent(m: RequestMessage): void }) {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [body, setBody] = useState('');

  const submit = async () => {
    errors.clear();
    if (!body.trim()) return errors.fail('body', 'Write a message first.');
    const r = await api.sendMessage(requestId, { body });
    if (portal.failed(r)) {
      if (r.status === 403) return errors.show({ message: 'Your access does not include writing in this conversation.' });
      return errors.show(r.error);
    }
    setBody('');
    onSent(r.data);
  };

  return (
    <form id="chat-form" ref={errors.scope} noValidate onSubmit={onSubmit(run, submit)}>
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
      <button type="submit" id="chat-send" disabled={busy}>
        Send
      </button>
      <ErrorFor errors={errors} field="" id="chat-error" />
    </form>
  );
}
