import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { REQUEST_STATUS_WORDS } from '../../../domain/wording.js';
import type { Attachment, TeamRequest } from '../../shared/api.js';
import { Alert, Badge, Facts, Notice } from '../../shared/components.js';
import { FileList } from '../../shared/files.js';
import { when, wordOf } from '../../shared/format.js';
import { useBusy, useLatest, useMounted } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { RequestConversation } from './RequestConversation.js';
import { RequestDocuments } from './RequestDocuments.js';
import { RequestFields } from './RequestFields.js';
import { RequestHistory } from './RequestHistory.js';
import { RequestPeople } from './RequestPeople.js';
import { RequestStatusForm } from './RequestStatusForm.js';

/** One request as the team sees it: facts, form (hidden fields too), files, the conversation with internal comments, status, people, history. */
export function RequestDetail({ id, onChanged }: { id: string; onChanged(): void }) {
  const g = useGovernance();
  const latest = useLatest();
  const mounted = useMounted();
  const [refreshing, run] = useBusy();
  const [request, setRequest] = useState<TeamRequest | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const article = useRef<HTMLElement>(null);

  const load = useCallback(async () => {
    const fresh = latest();
    const r = await gov.request(id);
    if (!fresh() || !mounted.current) return;
    setLoaded(true);
    if (!r.ok) return setError(r.error.message);
    setError('');
    setRequest(r.data);
  }, [id]);

  useEffect(() => {
    void load().then(() => article.current?.scrollIntoView({ block: 'nearest' }));
  }, [load]);

  /** Every change answers the whole request again: shown at once, and the inbox is read again. */
  const changed = (r: TeamRequest) => {
    latest();
    setRequest(r);
    onChanged();
  };

  const deleteFile = (file: Attachment) =>
    run(async () => {
      setNotice('');
      const r = await gov.deleteAttachment(file.id);
      if (!r.ok) return setError(r.error.message);
      await load();
      setNotice(`The file ${file.name} is deleted.`);
    });

  return (
    <article id="request-detail" ref={article} class="card" aria-labelledby="request-detail-title" data-testid="team-request">
      <div class="actions heading-row">
        <h3 id="request-detail-title">{request ? request.title : loaded ? 'Request' : 'Loading…'}</h3>
        <button type="button" id="request-refresh" class="secondary" disabled={refreshing} onClick={() => run(load)}>
          Refresh
        </button>
      </div>
      <Alert id="request-error">{error}</Alert>
      {request && (
        <>
          <Facts
            id="request-facts"
            testid="request-facts"
            rows={[
              ['Status', <Badge tone={`request-status ${request.status}`}>{wordOf(REQUEST_STATUS_WORDS, request.status)}</Badge>],
              ['Next step for the client', request.status === 'waiting_for_client' ? request.nextStep : ''],
              ['Company', g.companyName(request.companyId)],
              ['Pipeline', request.pipelineName || g.pipelineName(request.pipelineId)],
              ['Assignee', request.assignee?.name ?? 'Nobody yet'],
              ['Followers', request.followers.map((f) => f.name).join(', ') || 'None'],
              ['Created', when(request.createdAt)],
              ['Updated', when(request.updatedAt)],
              ['Request id', <code>{request.id}</code>],
            ]}
          />
          {request.description && (
            <p id="request-description" class="description">
              {request.description}
            </p>
          )}
          <RequestFields request={request} />
          <h4 id="request-files-title">Files of the request</h4>
          {request.attachments.length ? (
            <FileList
              files={request.attachments}
              urlOf={gov.attachmentUrl}
              label="Files of the request"
              testid="request-files"
              busy={refreshing}
              onDelete={deleteFile}
            />
          ) : (
            <p class="muted">No files were sent with the request. Files of the conversation are shown with their messages.</p>
          )}
          <Notice id="request-files-notice">{notice}</Notice>
          <RequestDocuments requestId={request.id} />
          <RequestConversation request={request} onChanged={changed} />
          <div class="columns">
            <RequestStatusForm request={request} onChanged={changed} />
            <RequestPeople request={request} onChanged={changed} />
          </div>
          <RequestHistory history={request.history} />
        </>
      )}
    </article>
  );
}
