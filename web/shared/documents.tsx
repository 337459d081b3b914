/** Documents in both apps: versions with their files (download, and a preview in a new tab for a PDF or an image), responses, the upload form. */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { DOCUMENT_RESPONSE_WORDS } from '../../domain/wording.js';
import type { ApiResult, DocumentFile, DocumentResponse, DocumentVersion } from './api.js';
import { Badge } from './components.js';
import { fileSize, when, wordOf } from './format.js';
import { ErrorFor, onSubmit, useBusy, useErrors } from './forms.js';

/** Types the browser shows in the page (the gateway serves them inline with `?inline=1`). */
const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const canPreview = (contentType: string) => PREVIEWABLE.has(contentType.split(';')[0]!.trim().toLowerCase());

/** Where a document's file downloads from, or (`inline`) where the browser shows it. */
export type DocumentFileUrl = (fileId: string, inline?: boolean) => string;

/** One file: its download link and, for a PDF or an image, a preview that opens in a new tab. */
export function DocumentFileLink({ file, urlOf }: { file: DocumentFile; urlOf: DocumentFileUrl }) {
  return (
    <>
      <a href={urlOf(file.id)} download={file.name} data-testid="document-file-download">
        {file.name}
      </a>{' '}
      <span class="muted">· {fileSize(file.size)}</span>
      {canPreview(file.contentType) && (
        <>
          {' '}
          <a href={urlOf(file.id, true)} target="_blank" rel="noopener noreferrer" data-testid="document-file-preview">
            Preview<span class="visually-hidden"> {file.name} (opens in a new tab)</span>
          </a>
        </>
      )}
    </>
  );
}

/** The versions, latest first, each with who uploaded it, when, and its files. */
export function DocumentVersions({
  versions,
  urlOf,
  id,
  testid = 'document-versions',
}: {
  versions: DocumentVersion[];
  urlOf: DocumentFileUrl;
  id?: string;
  testid?: string;
}) {
  if (!versions.length) return null;
  return (
    <ol id={id} class="versions plain" aria-label="Versions, latest first" data-testid={testid}>
      {versions.map((v, i) => (
        <li key={v.id} data-testid="document-version" data-version={v.number}>
          <div class="meta">
            <strong>Version {v.number}</strong>
            {i === 0 && <Badge tone="active">Latest</Badge>}{' '}
            <span class="muted">
              · {v.createdByName ? `${v.createdByName}, ` : ''}
              {when(v.createdAt, '')}
            </span>
          </div>
          <ul class="files" aria-label={`Files of version ${v.number}`}>
            {v.files.map((f) => (
              <li key={f.id} data-testid="document-file" data-file-id={f.id}>
                <DocumentFileLink file={f} urlOf={urlOf} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** Client responses, oldest first: what was done, by whom (`showWho`), on which version, when, why, and the file attached. */
export function DocumentResponses({
  responses,
  urlOf,
  label,
  showWho,
  id,
  testid = 'document-responses',
}: {
  responses: DocumentResponse[];
  urlOf: DocumentFileUrl;
  label: string;
  showWho?: boolean;
  id?: string;
  testid?: string;
}) {
  if (!responses.length) return null;
  return (
    <ul id={id} class="responses plain" aria-label={label} data-testid={testid}>
      {responses.map((r) => (
        <li key={r.id} data-testid="document-response" data-kind={r.kind}>
          <div class="meta">
            <Badge tone={`response ${r.kind}`}>{wordOf(DOCUMENT_RESPONSE_WORDS, r.kind)}</Badge> {showWho && r.userName && <strong>{r.userName}</strong>}{' '}
            <span class="muted">
              · version {r.versionNumber} · {when(r.createdAt, '')}
            </span>
          </div>
          {r.reason && (
            <p class="description" data-testid="document-response-reason">
              <span class="muted">Reason: </span>
              {r.reason}
            </p>
          )}
          {r.file && (
            <p class="response-file">
              <span class="muted">File: </span>
              <DocumentFileLink file={r.file} urlOf={urlOf} />
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * A form that uploads one chosen file when it is sent (a new version, the file
 * a document asks for): a refused file (too large, a type not accepted) is said
 * beside the input; the server names it `file`.
 */
export function UploadForm<T>({
  id,
  label,
  hint,
  button,
  title,
  upload,
  onUploaded,
  onFailed,
  testid,
}: {
  id: string;
  label: ComponentChildren;
  hint?: string;
  button: string;
  /** The form's accessible name. */
  title: string;
  upload(file: File): Promise<ApiResult<T>>;
  onUploaded(data: T, file: File): unknown;
  /** Told of a failed upload first (the portal ends a session here); true when it handled it. */
  onFailed?(r: Extract<ApiResult<T>, { ok: false }>): boolean | undefined;
  testid?: string;
}) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState('');
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const submit = async () => {
    errors.clear();
    const file = input.current?.files?.[0];
    if (!file) return errors.fail('file', 'Choose the file first.');
    const r = await upload(file);
    if (!r.ok) {
      if (onFailed?.(r)) return;
      return errors.show(r.error);
    }
    if (input.current) input.current.value = '';
    setChosen('');
    await onUploaded(r.data, file);
  };

  return (
    <form id={`${id}-form`} ref={errors.scope} class="upload-form" noValidate aria-label={title} data-testid={testid} onSubmit={onSubmit(run, submit)}>
      <div class="field file-picker">
        <label for={id}>{label}</label>
        <input
          ref={input}
          id={id}
          type="file"
          name="file"
          aria-describedby={[hint ? hintId : '', errorId].filter(Boolean).join(' ')}
          aria-invalid={errors.invalid('file')}
          onChange={(e) => {
            errors.clear();
            setChosen(e.currentTarget.files?.[0]?.name ?? '');
          }}
        />
        {hint && (
          <p id={hintId} class="hint">
            {hint}
          </p>
        )}
        <ErrorFor errors={errors} field="file" id={errorId} />
      </div>
      <div class="actions">
        <button type="submit" id={`${id}-send`} disabled={busy}>
          {button}
        </button>
        <span class="hint uploading" role="status">
          {busy && chosen ? `Uploading ${chosen}…` : ''}
        </span>
      </div>
      <ErrorFor errors={errors} field="" id={`${id}-general-error`} />
    </form>
  );
}
