import { AUTHOR_KIND_WORDS, REQUEST_EVENT_WORDS } from '../../../domain/wording.js';
import type { RequestEvent } from '../../shared/api.js';
import { when, wordOf } from '../../shared/format.js';

/** What happened to the request, oldest first. */
export function RequestHistory({ history }: { history: RequestEvent[] }) {
  return (
    <>
      <h4 id="request-history-title">History</h4>
      <ol class="history" aria-labelledby="request-history-title" data-testid="request-history">
        {history.map((e) => (
          <li key={e.id} data-kind={e.kind}>
            <span class="muted">{when(e.createdAt)}</span> · <strong>{wordOf(REQUEST_EVENT_WORDS, e.kind)}</strong>
            {e.detail && <> — {e.detail}</>} <span class="muted">({e.actorName || wordOf(AUTHOR_KIND_WORDS, e.actorKind)})</span>
          </li>
        ))}
      </ol>
      {!history.length && <p class="muted">Nothing yet.</p>}
    </>
  );
}
