/** Files in both apps: the list of a request's or a message's files, and the picker that uploads files before they are sent. */
import type { ComponentChildren } from 'preact';
import { useCallback, useRef, useState } from 'preact/hooks';
import { AUTHOR_KIND_WORDS } from '../../domain/wording.js';
import type { ApiResult, Attachment } from './api.js';
import { fileSize, wordOf } from './format.js';
import { ErrorFor, type Errors, useMounted } from './forms.js';

/** Files with their download links; a delete button where the caller may delete the file (`deletable`) and `onDelete` is given. */
export function FileList({
  files,
  urlOf,
  onDelete,
  label,
  testid = 'file-list',
  busy,
}: {
  files: Attachment[];
  urlOf(id: string): string;
  onDelete?(file: Attachment): unknown;
  /** The accessible name of the list. */
  label: string;
  testid?: string;
  busy?: boolean;
}) {
  if (!files.length) return null;
  return (
    <ul class="files" aria-label={label} data-testid={testid}>
      {files.map((f) => (
        <li key={f.id} data-testid="file" data-file-id={f.id}>
          <a href={urlOf(f.id)} download={f.name}>
            {f.name}
          </a>{' '}
          <span class="muted">
            · {fileSize(f.size)}
            {f.uploadedByName ? ` · ${f.uploadedByName}` : ` · ${wordOf(AUTHOR_KIND_WORDS, f.uploadedByKind)}`}
          </span>
          {f.deletable && onDelete && (
            <button type="button" class="link danger" disabled={busy} aria-label={`Delete the file ${f.name}`} onClick={() => onDelete(f)}>
              Delete
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * A labelled file input that uploads what is chosen at once, and lists the
 * uploaded files (not yet sent) with a button to remove each. A refused upload
 * (too large, a type not accepted) is said beside the input, through the
 * form's errors under `field` (the name the server's errors use for it, so its
 * answer to the whole form lands here too). One file, or several (`multiple`).
 */
export function FilePicker({
  id,
  field,
  label,
  hint,
  required,
  multiple,
  files,
  errors,
  upload,
  remove,
  onChange,
  onUploading,
  testid,
}: {
  id: string;
  field: string;
  label: ComponentChildren;
  hint?: string;
  required?: boolean;
  multiple?: boolean;
  files: Attachment[];
  errors: Errors<HTMLElement> | Errors;
  upload(file: File): Promise<ApiResult<Attachment>>;
  /** Deletes an uploaded file that is not sent after all. */
  remove(id: string): Promise<unknown>;
  onChange(files: Attachment[]): void;
  /** Told when uploads start and end, so the form does not send before its files are up. */
  onUploading?(uploading: boolean): void;
  testid?: string;
}) {
  const mounted = useMounted();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState('');
  const current = useRef(files);
  current.current = files;
  const hintId = hint ? `${id}-hint` : '';
  const errorId = `${id}-error`;

  // Choices made while an upload runs wait their turn, so no file is lost and the input keeps the focus.
  const queue = useRef<Promise<void>>(Promise.resolve());

  const uploadAll = async (picked: File[]) => {
    onUploading?.(true);
    errors.clear();
    let kept = multiple ? current.current : [];
    if (!multiple) for (const f of current.current) void remove(f.id);
    const refused: string[] = [];
    for (const file of picked) {
      setUploading(`Uploading ${file.name}…`);
      const r = await upload(file);
      if (!mounted.current) return onUploading?.(false);
      if (r.ok) kept = [...kept, r.data];
      else refused.push(picked.length > 1 ? `${file.name}: ${r.error.message}` : r.error.message);
    }
    setUploading('');
    onUploading?.(false);
    current.current = kept;
    onChange(kept);
    if (refused.length) errors.fail(field, refused.join(' '));
  };

  const chosen = (list: FileList | null) => {
    const picked = [...(list ?? [])];
    if (input.current) input.current.value = '';
    if (picked.length) queue.current = queue.current.then(() => uploadAll(picked));
  };

  return (
    <div class="field file-picker" data-testid={testid}>
      <label for={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="file"
        name={field}
        multiple={multiple}
        required={required}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}
        aria-invalid={errors.invalid(field)}
        aria-busy={uploading ? 'true' : undefined}
        onChange={(e) => chosen(e.currentTarget.files)}
      />
      {hint && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
      <p class="hint uploading" role="status">
        {uploading}
      </p>
      <ErrorFor errors={errors} field={field} id={errorId} />
      {files.length > 0 && (
        <ul class="files" aria-label={multiple ? 'Files ready to send' : 'File ready to send'} data-testid="files-ready">
          {files.map((f) => (
            <li key={f.id} data-testid="file-ready">
              <span>{f.name}</span> <span class="muted">· {fileSize(f.size)}</span>
              <button
                type="button"
                class="link danger"
                aria-label={`Remove the file ${f.name}`}
                onClick={() => {
                  void remove(f.id);
                  current.current = current.current.filter((x) => x.id !== f.id);
                  onChange(current.current);
                  input.current?.focus();
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Whether any file picker of a form is still uploading (`[uploading, onUploading]`): its send button waits for them. */
export function useUploading(): [boolean, (uploading: boolean) => void] {
  const [running, setRunning] = useState(0);
  const track = useCallback((on: boolean) => setRunning((n) => Math.max(0, n + (on ? 1 : -1))), []);
  return [running > 0, track];
}
