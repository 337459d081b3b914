import { useState } from 'preact/hooks';
import type { Attachment, TeamRequest } from '../../shared/api.js';
import { Badge, Notice } from '../../shared/components.js';
import { Conversation } from '../../shared/conversation.js';
import { FilePicker, useUploading } from '../../shared/files.js';
import { Choice, ErrorFor, onSubmit, useBusy, useErrors } from '../../shared/forms.js';
import { gov } from '../api.js';

export const INTERNAL_MARK = 'Internal — not visible to the client';

/** The conversation as the team sees it, internal comments marked; a reply to the client or an internal comment, with files. */
export function RequestConversation({ request, onChanged }: { request: TeamRequest; onChanged(r: TeamRequest): void }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, onUploading] = useUploading();
  const [notice, setNotice] = useState('');

  const submit = async () => {
    errors.clear();
    setNotice('');
    if (!text.trim()) return errors.fail('text', internal ? 'Write the comment first.' : 'Write the reply first.');
    const r = await gov.postMessage(request.id, { text, internal, attachmentIds: files.map((f) => f.id) });
    if (!r.ok) return errors.show(r.error);
    setText('');
    setFiles([]);
    setNotice(internal ? 'The internal comment is added; the client does not see it.' : 'The reply is sent to the client.');
    setInternal(false);
    onChanged(r.data);
  };

  return (
    <section aria-labelledby="request-conversation-title">
      <h4 id="request-conversation-title">Conversation</h4>
      {request.messages.length ? (
        <Conversation
          id="request-messages"
          testid="request-messages"
          label="Messages and internal comments"
          messages={request.messages}
          urlOf={gov.attachmentUrl}
          internalMark={<Badge tone="internal">{INTERNAL_MARK}</Badge>}
        />
      ) : (
        <p class="muted">No messages yet.</p>
      )}
      <form
        id="request-reply"
        ref={errors.scope}
        class={internal ? 'reply internal' : 'reply'}
        noValidate
        aria-labelledby="request-reply-title"
        onSubmit={onSubmit(run, submit)}
      >
        <h5 id="request-reply-title">{internal ? 'Add an internal comment' : 'Reply to the client'}</h5>
        <div class="field">
          <label for="request-reply-text">{internal ? 'Internal comment' : 'Reply'}</label>
          <textarea
            id="request-reply-text"
            name="text"
            maxLength={10000}
            required
            aria-describedby="request-reply-internal-hint request-reply-text-error"
            aria-invalid={errors.invalid('text')}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <ErrorFor errors={errors} field="text" id="request-reply-text-error" />
        </div>
        <Choice
          id="request-reply-internal"
          label="Internal comment (the client does not see it)"
          input={
            <input
              type="checkbox"
              id="request-reply-internal"
              name="internal"
              checked={internal}
              aria-describedby="request-reply-internal-hint"
              onChange={(e) => setInternal(e.currentTarget.checked)}
            />
          }
        />
        <p id="request-reply-internal-hint" class="hint">
          {internal ? 'Only the team reads this comment.' : 'The client reads this reply in the portal.'}
        </p>
        <FilePicker
          id="request-reply-files"
          field="attachmentIds"
          label="Files (optional)"
          multiple
          files={files}
          errors={errors}
          testid="request-reply-files"
          upload={(file) => gov.upload(file)}
          remove={(id) => gov.deleteAttachment(id)}
          onChange={setFiles}
          onUploading={onUploading}
        />
        <div class="actions">
          <button type="submit" id="request-reply-send" disabled={busy || uploading}>
            {internal ? 'Add internal comment' : 'Send reply'}
          </button>
        </div>
        <ErrorFor errors={errors} field="" id="request-reply-error" />
        <Notice id="request-reply-notice" testid="request-reply-notice">
          {notice}
        </Notice>
      </form>
    </section>
  );
}
