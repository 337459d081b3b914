import { useState } from 'preact/hooks';
import type { ApiResult, Attachment } from '../shared/api.js';
import { FilePicker, useUploading } from '../shared/files.js';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** How one conversation's form is named on the page: its ids, its words and the field the API names. */
export interface MessageFormNames {
  form: string;
  ariaLabel: string;
  /** The text field as the API's errors name it (`body` on a request, `text` in the channel). */
  field: string;
  textId: string;
  textLabel: string;
  filesId: string;
  filesTestid?: string;
  sendId: string;
  sendLabel: string;
  errorId: string;
  /** What a 403 means here. */
  forbidden: string;
}

/**
 * A message with optional files, in a client's conversation (a request's, or
 * a company's general channel): the files are uploaded as they are chosen and
 * sent with the message by their ids.
 */
export function MessageForm<T>({
  names: n,
  send,
  onSent,
}: {
  names: MessageFormNames;
  send(text: string, attachmentIds: string[]): Promise<ApiResult<T>>;
  onSent(answer: T, sentFiles: boolean): void | Promise<void>;
}) {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, onUploading] = useUploading();

  const submit = async () => {
    errors.clear();
    if (!text.trim()) return errors.fail(n.field, 'Write a message first.');
    const r = await send(
      text,
      files.map((f) => f.id),
    );
    if (portal.failed(r)) return errors.show(r.status === 403 ? { message: n.forbidden } : r.error);
    setText('');
    setFiles([]);
    await onSent(r.data, files.length > 0);
  };

  return (
    <form id={n.form} ref={errors.scope} noValidate aria-label={n.ariaLabel} onSubmit={onSubmit(run, submit)}>
      <label for={n.textId}>{n.textLabel}</label>
      <textarea
        id={n.textId}
        name={n.field}
        maxLength={10000}
        required
        aria-describedby={`${n.textId}-error`}
        aria-invalid={errors.invalid(n.field)}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <ErrorFor errors={errors} field={n.field} id={`${n.textId}-error`} />
      <FilePicker
        id={n.filesId}
        field="attachmentIds"
        label={
          <>
            Files <span class="muted">(optional)</span>
          </>
        }
        multiple
        files={files}
        errors={errors}
        testid={n.filesTestid}
        upload={async (file) => {
          const r = await api.upload(file);
          portal.failed(r);
          return r;
        }}
        remove={(id) => api.deleteAttachment(id)}
        onChange={setFiles}
        onUploading={onUploading}
      />
      <button type="submit" id={n.sendId} disabled={busy || uploading}>
        {n.sendLabel}
      </button>
      <ErrorFor errors={errors} field="" id={n.errorId} />
    </form>
  );
}
