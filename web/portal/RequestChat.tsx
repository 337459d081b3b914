import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ClientRequest, RequestMessage } from '../shared/api.js';
import { Notice } from '../shared/components.js';
import { Conversation } from '../shared/conversation.js';
import { useLatest, useMounted } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';
import { MessageForm } from './MessageForm.js';

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
        <MessageForm
          names={{
            form: 'chat-form',
            ariaLabel: 'Write a message',
            field: 'body',
            textId: 'chat-body',
            textLabel: 'Your message',
            filesId: 'chat-files',
            filesTestid: 'chat-files',
            sendId: 'chat-send',
            sendLabel: 'Send',
            errorId: 'chat-error',
            forbidden: 'Your access does not include writing in this conversation.',
          }}
          send={(body, attachmentIds) => api.sendMessage(request.id, { body, attachmentIds })}
          onSent={async (_message, sentFiles) => {
            await load();
            if (sentFiles) onFilesChanged();
          }}
        />
      )}
    </section>
  );
}
