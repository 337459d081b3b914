import { useState } from 'preact/hooks';
import type { LinkStatus } from '../../../domain/vocabulary.js';
import type { LinkDetail, LinkStatusAnswer, OffboardingReport } from '../../shared/api.js';
import { Notice } from '../../shared/components.js';
import { humanize, plural } from '../../shared/format.js';
import { ErrorFor, useBusy, useErrors, useMounted } from '../../shared/forms.js';
import { gov } from '../api.js';
import { ChangePreview, type Final, usePreview } from '../impact.js';
import { OffboardingReportView } from './OffboardingReport.js';
import { OpenDocumentsView } from './OffboardingDocuments.js';
import { aboutRequests, RequestChoices, useOffboardingRequests } from './OffboardingRequests.js';

interface StatusChange {
  status: LinkStatus;
  button: string;
  label: string;
  tone: 'danger' | '';
  title: string;
  done: string;
  final?: Final;
}

const STATUS_CHANGES: StatusChange[] = [
  {
    status: 'disabled',
    button: 'link-disable',
    label: 'Disable',
    tone: 'danger',
    title: 'Disabling pauses access and ends the client’s sessions. What the client would lose:',
    done: 'The link is disabled; the client’s sessions are ended.',
  },
  {
    status: 'active',
    button: 'link-enable',
    label: 'Enable',
    tone: '',
    title: 'Enabling resumes access. What the client would regain:',
    done: 'The link is active again.',
  },
  {
    status: 'revoked',
    button: 'link-revoke',
    label: 'Revoke',
    tone: 'danger',
    title: 'Revoking ends access for good. What the client would lose:',
    done: 'The link is revoked; sessions, pending invitations and connections are ended.',
    final: {
      warning: 'Revoking is final: this link can never be enabled again. Pending invitations and Telegram and widget connections end too.',
      confirmText: 'Yes, revoke for good',
    },
  },
];

/** Which status changes a link in this status offers. */
const offered = (from: LinkStatus, to: LinkStatus) => (to === 'disabled' ? from === 'active' : to === 'active' ? from === 'disabled' : from !== 'revoked');

const POLL_MS = 500;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The link's lifecycle: disable, enable, revoke (each previewed first), end
 * sessions, change companies, audit. Disabling and revoking run the offboarding
 * workflow; its report shows here when it is done.
 */
export function LinkAccess({
  link,
  notice,
  setNotice,
  companiesOpen,
  toggleCompanies,
  onChanged,
  onAudit,
}: {
  link: LinkDetail;
  notice: string;
  setNotice(notice: string): void;
  companiesOpen: boolean;
  toggleCompanies(): void;
  onChanged(): Promise<void>;
  onAudit(): void;
}) {
  const errors = useErrors<HTMLDivElement>();
  const preview = usePreview(errors);
  const mounted = useMounted();
  const [busy, run] = useBusy();
  const [report, setReport] = useState<OffboardingReport | null>(null);
  // Disabling and revoking: the client's unfinished requests, each left open, closed or handed over.
  const offboarding = useOffboardingRequests();
  const [ending, setEnding] = useState(false);
  // The offboarding workflow being followed, with its current step.
  const [following, setFollowing] = useState<{ workflowId: string; step: string } | null>(null);

  /** Follows the offboarding workflow (GET /workflows/:id every half second) until its step is `completed`. */
  const follow = async (workflowId: string, done: string) => {
    setFollowing({ workflowId, step: '' });
    for (;;) {
      const r = await gov.workflow(workflowId);
      if (!mounted.current) return;
      if (!r.ok) {
        setFollowing(null);
        return errors.show(r.error);
      }
      const s = r.data;
      if (s.step === 'completed') {
        setFollowing(null);
        setNotice(done);
        setReport(s.report ?? null);
        return onChanged();
      }
      if (s.state !== 'RUNNING') {
        setFollowing(null);
        errors.show({
          message: `The offboarding stopped (${humanize(String(s.state).toLowerCase())}) at the step “${humanize(s.step)}”; see ${workflowId} in Temporal Web.`,
        });
        return onChanged();
      }
      setFollowing({ workflowId, step: s.step });
      await sleep(POLL_MS);
      if (!mounted.current) return;
    }
  };

  const change = (c: StatusChange) =>
    run(async () => {
      setNotice('');
      setReport(null);
      const api = gov.linkStatus(link.id);
      const ends = c.status !== 'active';
      setEnding(ends);
      if (ends) void offboarding.load(link.id);
      await preview.start<LinkStatusAnswer>({
        title: c.title,
        final: c.final,
        preview: () => api.preview({ status: c.status }),
        apply: () => api.apply(ends ? { status: c.status, requests: offboarding.dispositions() } : { status: c.status }),
        check: ends ? offboarding.check : undefined,
        fixable: ends ? aboutRequests : undefined,
        done: async (answer) => {
          // 202: the offboarding runs on; follow it. 200: it is done, with its report.
          if (answer.workflowId) return void follow(answer.workflowId, c.done);
          setNotice(c.done);
          if ('report' in answer && answer.report) setReport(answer.report);
          await onChanged();
        },
      });
    });

  const endSessions = () =>
    run(async () => {
      errors.clear();
      setNotice('');
      const r = await gov.endSessions(link.id);
      if (!r.ok) return errors.show(r.error);
      setNotice(r.data.ended ? `${plural(r.data.ended, 'session')} ended; the client must sign in again.` : 'The client had no open session.');
      await onChanged();
    });

  return (
    <div id="link-access" ref={errors.scope}>
      <div class="actions top-actions" data-testid="link-actions">
        {STATUS_CHANGES.map((c) => (
          <button
            key={c.status}
            type="button"
            id={c.button}
            class={c.tone || undefined}
            data-testid={c.button}
            hidden={!offered(link.status, c.status)}
            disabled={busy || !!following}
            onClick={() => change(c)}
          >
            {c.label}
          </button>
        ))}
        <button type="button" id="link-end-sessions" class="secondary" data-testid="link-end-sessions" disabled={busy} onClick={endSessions}>
          End sessions
        </button>
        <button
          type="button"
          id="link-companies-toggle"
          class="secondary"
          hidden={link.status === 'revoked'}
          aria-expanded={companiesOpen ? 'true' : 'false'}
          aria-controls="link-companies-form"
          onClick={toggleCompanies}
        >
          Change companies
        </button>
        <button type="button" id="link-audit" class="secondary" onClick={onAudit}>
          Audit of this link
        </button>
      </div>
      <p class="hint">
        Disable pauses access, Enable resumes it, Revoke ends it for good. Each shows what the client would lose or regain before it applies; the client's
        sessions end at once.
      </p>
      <ErrorFor errors={errors} field="status" id="link-status-error" />
      <ErrorFor errors={errors} field="" id="link-access-error" />
      <ChangePreview preview={preview} id="link-status-preview" testid="status-preview">
        {ending && <RequestChoices offboarding={offboarding} errors={errors} />}
        {ending && <OpenDocumentsView offboarding={offboarding} />}
      </ChangePreview>
      <Notice id="link-access-notice" testid="link-access-notice">
        {notice}
      </Notice>
      {following && (
        <p class="notice" role="status" data-testid="offboarding-progress">
          Ending the collaboration ({following.workflowId}): {following.step ? `${humanize(following.step)}…` : 'starting…'}
        </p>
      )}
      {report && <OffboardingReportView report={report} offboarding={offboarding} />}
    </div>
  );
}
