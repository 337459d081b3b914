import { useBusy } from '../../shared/forms.js';

/** Revokes one row of a link's table (an invitation, a connection); disabled while it runs. */
export function RevokeButton({ label, testid, onRevoke }: { label: string; testid: string; onRevoke(): Promise<void> }) {
  const [busy, run] = useBusy();
  return (
    <button type="button" class="danger" aria-label={label} data-testid={testid} disabled={busy} onClick={() => run(onRevoke)}>
      Revoke
    </button>
  );
}
