import type { OffboardingReport } from '../../shared/api.js';
import { Facts, IdList } from '../../shared/components.js';
import type { OffboardingRequests } from './OffboardingRequests.js';

/** What the offboarding did: nothing is left open without being listed. Requests by their title (read when the change started). */
export function OffboardingReportView({ report, offboarding }: { report: OffboardingReport; offboarding: OffboardingRequests }) {
  const ids = (list: string[], none: string) =>
    list.length ? (
      <>
        {list.length}: <IdList ids={list} />
      </>
    ) : (
      none
    );
  const requests = (list: string[], testid: string, handedOver = false) =>
    list.length ? (
      <ul class="request-titles" data-testid={testid}>
        {list.map((id) => {
          const title = offboarding.titleOf(id);
          const to = handedOver ? offboarding.handedTo(id) : '';
          return (
            <li key={id} data-request-id={id}>
              {title === id ? <code>{id}</code> : title}
              {to && ` (to ${to})`}
            </li>
          );
        })}
      </ul>
    ) : (
      'none'
    );
  // Signature requests by the title of their document, as the screen read them when the change started.
  const { documents } = offboarding;
  const signed = documents && 'signatures' in documents ? documents.signatures : [];
  const withdrawn = report.signatureRequestsWithdrawn ?? [];
  const signatures = withdrawn.length ? (
    <ul class="request-titles" data-testid="report-signatures-withdrawn">
      {withdrawn.map((id) => {
        const title = signed.find((s) => s.signatureRequestId === id)?.title;
        return (
          <li key={id} data-signature-request-id={id}>
            {title ?? <code>{id}</code>}
          </li>
        );
      })}
    </ul>
  ) : (
    'none'
  );
  const handedOver = report.handedOverRequestIds ?? [];
  // A request handed over is unfinished too (the workflow lists it as open): it shows once, with whom it is now.
  const stillOpen = (report.openRequestIds ?? []).filter((id) => !handedOver.includes(id));
  return (
    <section class="panel" aria-labelledby="offboarding-report-title" data-testid="offboarding-report">
      <h5 id="offboarding-report-title">What ending the collaboration did</h5>
      <Facts
        rows={[
          ['Sessions ended', String(report.sessionsEnded)],
          ['Invitations revoked', ids(report.invitationsRevoked ?? [], 'none')],
          ['Connections revoked', ids(report.channelLinksRevoked ?? [], 'none')],
          ['Signature requests withdrawn', signatures],
        ]}
      />
      <h6 id="offboarding-report-requests" class="report-requests-title">
        The client’s unfinished requests
      </h6>
      <Facts
        testid="offboarding-report-requests"
        rows={[
          ['Closed', requests(report.closedRequestIds ?? [], 'report-closed')],
          ['Handed over', requests(handedOver, 'report-handed-over', true)],
          ['Still open', requests(stillOpen, 'report-still-open')],
        ]}
      />
    </section>
  );
}
