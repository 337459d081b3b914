import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChecklistEntry } from '../../shared/api.js';
import { Alert, Notice } from '../../shared/components.js';
import { fullName, when } from '../../shared/format.js';
import { useBusy, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';

/**
 * The onboarding checklist (seed page 000, "after the first login"): the
 * clients who signed in and whose access nobody re-checked yet. Each one is
 * checked by hand (the link, View as, Diagnostics) and then marked re-checked,
 * which leaves the list and goes on the audit trail.
 */
export function OnboardingChecklist({ visit }: { visit: number }) {
  const latest = useLatest();
  const [entries, setEntries] = useState<ChecklistEntry[] | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const title = useRef<HTMLHeadingElement>(null);

  // read on each visit of the section
  useEffect(() => {
    if (!visit) return;
    const fresh = latest();
    setError('');
    setNotice('');
    void gov.onboardingChecklist().then((r) => {
      if (!fresh()) return;
      if (!r.ok) {
        setEntries(null);
        return setError(r.error.message);
      }
      setEntries(r.data.links);
    });
  }, [visit]);

  const checked = (entry: ChecklistEntry) => {
    setEntries((list) => list?.filter((x) => x.linkId !== entry.linkId) ?? null);
    setNotice(`${clientOf(entry)} is marked re-checked.`);
    // The item and its buttons are gone: the focus goes back to the checklist.
    title.current?.focus();
  };

  return (
    <section id="onboarding-checklist" class="card" aria-labelledby="checklist-title" data-testid="onboarding-checklist">
      <h2 id="checklist-title" ref={title} tabIndex={-1}>
        Onboarding checklist
      </h2>
      <p class="hint">After a client's first sign-in, check that they see exactly what they should.</p>
      <Alert id="checklist-error">{error}</Alert>
      {entries && entries.length > 0 && (
        <ul id="checklist-items" class="plain">
          {entries.map((entry) => (
            <ChecklistItem key={entry.linkId} entry={entry} onChecked={() => checked(entry)} onError={setError} />
          ))}
        </ul>
      )}
      <p id="checklist-empty" class="muted" hidden={entries?.length !== 0}>
        Every client who signed in has had their access re-checked.
      </p>
      <Notice id="checklist-notice" testid="checklist-notice">
        {notice}
      </Notice>
    </section>
  );
}

const clientOf = (entry: ChecklistEntry) => `${fullName(entry.user) || entry.user.login} (${entry.user.login})`;

function ChecklistItem({ entry, onChecked, onError }: { entry: ChecklistEntry; onChecked(): void; onError(message: string): void }) {
  const g = useGovernance();
  const [busy, run] = useBusy();
  const nameId = `checklist-${entry.linkId}-client`;
  const markChecked = () =>
    run(async () => {
      onError('');
      const r = await gov.accessChecked(entry.linkId);
      if (!r.ok) return onError(r.error.message);
      onChecked();
    });
  return (
    <li data-testid="checklist-item" data-link-id={entry.linkId}>
      <p class="flush flush-bottom">
        <strong id={nameId}>{clientOf(entry)}</strong>
      </p>
      <p class="flush">
        Contact: {fullName(entry.contact)} · Companies: {entry.companies.map((c) => c.name).join(', ') || '—'} ·{' '}
        <span data-testid="first-sign-in">first signed in {when(entry.firstSignInAt)}</span>
      </p>
      <p class="hint">Check what they can reach (open the link, use View as / Diagnostics), then mark it re-checked.</p>
      <div class="actions">
        <button type="button" class="secondary" aria-describedby={nameId} onClick={() => g.openLink(entry.linkId)}>
          Open the link
        </button>
        <button type="button" aria-describedby={nameId} disabled={busy} onClick={markChecked}>
          Mark re-checked
        </button>
      </div>
    </li>
  );
}
