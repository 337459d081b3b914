import { useEffect, useRef, useState } from 'preact/hooks';
import { useBusy } from '../../shared/forms.js';

/**
 * Revokes one row of a table (an invitation, a connection); disabled while it
 * runs. With `confirm`, the first click asks inline (the question, "Yes,
 * revoke" and "Cancel"; no browser dialog) and only the second one revokes.
 */
export function RevokeButton({ label, testid, confirm, onRevoke }: { label: string; testid: string; confirm?: string; onRevoke(): Promise<void> }) {
  const [busy, run] = useBusy();
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const revoke = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (wasAsking.current) revoke.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (confirm && asking)
    return (
      // biome-ignore lint/a11y/useSemanticElements: a group of two buttons and their question, not a form field set
      <span class="actions" role="group" aria-label={label} data-testid={`${testid}-confirm`}>
        <span>{confirm}</span>
        <button
          ref={yes}
          type="button"
          class="danger"
          data-testid={`${testid}-yes`}
          disabled={busy}
          onClick={() =>
            run(async () => {
              await onRevoke();
              setAsking(false);
            })
          }
        >
          Yes, revoke
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </span>
    );
  return (
    <button
      ref={revoke}
      type="button"
      class="danger"
      aria-label={label}
      data-testid={testid}
      disabled={busy}
      onClick={() => (confirm ? setAsking(true) : run(onRevoke))}
    >
      Revoke
    </button>
  );
}
