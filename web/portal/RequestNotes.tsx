import { useEffect, useState } from 'preact/hooks';
import type { Note } from '../shared/api.js';
import { Alert } from '../shared/components.js';
import { when } from '../shared/format.js';
import { ErrorFor, onSubmit, useBusy, useErrors, useMounted } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** The client's private notes on a request: only they see them, never the team. */
export function RequestNotes({ requestId }: { requestId: string }) {
  const portal = usePortal();
  const mounted = useMounted();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [notes, setNotes] = useState<Note[] | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState('');

  // one load per request
  useEffect(() => {
    void api.notes(requestId).then((r) => {
      if (!mounted.current) return;
      if (portal.failed(r)) return setError(r.error.message);
      setNotes(r.data.notes);
    });
  }, [requestId]);

  const add = async () => {
    errors.clear();
    if (!text.trim()) return errors.fail('text', 'Write the note first.');
    const r = await api.addNote(requestId, text);
    if (portal.failed(r)) return errors.show(r.error);
    setText('');
    setNotes(r.data.notes);
  };

  const remove = (note: Note) =>
    run(async () => {
      setError('');
      const r = await api.deleteNote(requestId, note.id);
      if (portal.failed(r)) return setError(r.error.message);
      setNotes(r.data.notes);
    });

  return (
    <section id="notes" class="notes" aria-labelledby="notes-title" data-testid="notes">
      <h5 id="notes-title">My notes</h5>
      <p class="hint" id="notes-hint">
        Only you see these notes; the team does not.
      </p>
      <Alert id="notes-error">{error}</Alert>
      {notes && notes.length > 0 && (
        <ul class="plain" aria-labelledby="notes-title" data-testid="note-list">
          {notes.map((n) => (
            <li key={n.id} data-testid="note">
              <div class="meta muted">{when(n.createdAt, '')}</div>
              <p class="description">{n.body}</p>
              <button type="button" class="link danger" disabled={busy} aria-label={`Delete the note of ${when(n.createdAt, '')}`} onClick={() => remove(n)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form id="notes-form" ref={errors.scope} noValidate aria-label="Add a private note" onSubmit={onSubmit(run, add)}>
        <label for="notes-text">New note</label>
        <textarea
          id="notes-text"
          name="text"
          maxLength={10000}
          required
          aria-describedby="notes-hint notes-text-error"
          aria-invalid={errors.invalid('text')}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <ErrorFor errors={errors} field="text" id="notes-text-error" />
        <button type="submit" id="notes-add" disabled={busy}>
          Add note
        </button>
        <ErrorFor errors={errors} field="" id="notes-error-general" />
      </form>
    </section>
  );
}
