import { useEffect, useRef, useState } from 'preact/hooks';
import type { Mail as Message, MailSummary } from '../shared/api.js';
import { Alert, Facts, TableScroll } from '../shared/components.js';
import { when } from '../shared/format.js';
import { useBusy, useLatest } from '../shared/forms.js';
import { gov } from './api.js';
import type { SectionProps } from './context.js';

/** The emails the system sent, as the development mail catcher caught them (administrators). */
export function Mail({ active, visit }: SectionProps) {
  const [busy, run] = useBusy();
  const latest = useLatest();
  const [messages, setMessages] = useState<MailSummary[] | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<{ id: string; message: Message | null; error: string } | null>(null);
  const detail = useRef<HTMLElement>(null);

  const load = async () => {
    const fresh = latest();
    setError('');
    const r = await gov.mail();
    if (!fresh()) return;
    setMessages(null);
    if (!r.ok) return setError(r.status === 404 ? 'No development mail catcher is configured here.' : r.error.message);
    setMessages(r.data.messages);
  };

  // read on each visit
  useEffect(() => {
    if (visit) void load();
  }, [visit]);

  const openMail = async (id: string) => {
    setOpen({ id, message: null, error: '' });
    const r = await gov.mailMessage(id);
    setOpen(r.ok ? { id, message: r.data, error: '' } : { id, message: null, error: r.error.message });
    detail.current?.scrollIntoView({ block: 'nearest' });
  };

  const m = open?.message;
  return (
    <section id="section-mail" data-section="mail" hidden={!active} aria-labelledby="mail-title">
      <div class="card">
        <div class="actions heading-row">
          <h2 id="mail-title">Mail (development)</h2>
          <button type="button" id="mail-refresh" class="secondary" disabled={busy} onClick={() => run(load)}>
            Refresh
          </button>
        </div>
        <p class="hint">Emails the system sent, as caught by the development mail catcher.</p>
        <Alert id="mail-error">{error}</Alert>
        <TableScroll name="Emails caught">
          <table aria-labelledby="mail-title">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
              </tr>
            </thead>
            <tbody id="mail-body" data-testid="mail-list">
              {messages?.map((x) => (
                <tr key={x.id} data-mail-id={x.id} data-testid="mail-row">
                  <td>{when(x.receivedAt)}</td>
                  <td>{(x.to ?? []).join(', ')}</td>
                  <td>
                    <button type="button" class="link" onClick={() => openMail(x.id)}>
                      {x.subject || '(no subject)'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p id="mail-empty" class="muted" hidden={messages?.length !== 0}>
          No email yet.
        </p>
      </div>
      <article id="mail-detail" ref={detail} class="card" hidden={!open} aria-labelledby="mail-detail-title" data-testid="mail-detail">
        <h3 id="mail-detail-title">{m ? m.subject || '(no subject)' : open?.error ? 'Email' : 'Loading…'}</h3>
        {m && (
          <Facts
            id="mail-facts"
            rows={[
              ['From', m.from],
              ['To', (m.to ?? []).join(', ')],
              ['Received', when(m.receivedAt)],
            ]}
          />
        )}
        <pre id="mail-text" data-testid="mail-text">
          {m ? m.text || '(this email has no text part)' : open?.error}
        </pre>
      </article>
    </section>
  );
}
