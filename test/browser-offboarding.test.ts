import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, openPage, signInToGovernance, waitForText, watchPageProblems, focusedId } from './browser.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily, publishToSign } from './flows.js';
import type { Agent } from './agent.js';
import { DEMO } from '../domain/demo.js';

const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;
const REASON = 'We end the maintenance contract at the end of the month.';

describe('Governance in the browser: ending a collaboration closes or hands over each unfinished request', () => {
  let sys: TestSystem;
  let browser: Browser;
  let employee: Page;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  let toClose: string;
  let toHand: string;
  const problems = watchPageProblems();

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    emily = await onboardEmily(sys, olivia);
    const create = async (title: string) => {
      const res = await emily.client.post('/api/portal/requests', { companyId: NL, pipelineId: SUPPORT, title, fields: { urgency: 'high' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    toClose = await create('Pump noise');
    toHand = await create('New valve');
    // A signature asked of Emily: the revocation withdraws it.
    const toSign = await publishToSign(olivia, 'Maintenance 2027');
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    expect(
      (await olivia.post(`/api/governance/documents/${toSign}/signature-requests`, { contactIds: [DEMO.emily.id], order: 'sequential', deadline })).status,
    ).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('offers, for each unfinished request, to leave it open, close it with a reason or hand it over, and refuses incomplete choices', async () => {
    ({ page: employee } = await openPage(browser, problems));
    await signInToGovernance(employee, problems, sys.gatewayUrl);
    const row = employee.getByTestId('link-row').filter({ hasText: emily.login });
    await row.getByRole('button', { name: `Open the link of ${emily.login}` }).click();
    await waitForText(employee.getByTestId('link-detail'), emily.login);

    await employee.getByTestId('link-revoke').click();
    const preview = employee.getByTestId('status-preview');
    const choices = preview.getByTestId('offboarding-requests');
    const request = (title: string) => choices.getByTestId('offboarding-request').filter({ hasText: title });
    await request('New valve').waitFor();
    // Emily's own two and the seeded ones she asked for: each left open unless chosen otherwise.
    expect(await choices.getByTestId('offboarding-request').count()).toBe(4);
    expect(await request('Pump noise').getAttribute('data-request-id')).toBe(toClose);
    expect(await request('Pump noise').getByLabel('Leave open').isChecked()).toBe(true);
    expect(await request('Pump noise').getByLabel('Reason the client reads', { exact: true }).count()).toBe(0);
    // What she is still asked to answer (the seeded proof to approve) and to sign.
    const documents = preview.getByTestId('offboarding-documents');
    expect(await waitForText(documents.getByTestId('offboarding-document-actions'), 'Brochure proof')).toContain('to approve');
    expect(await documents.getByTestId('offboarding-signatures').textContent()).toContain('Maintenance 2027');

    // Closing needs a reason the client reads: without one, Confirm says so beside the choices.
    await request('Pump noise').getByLabel('Close with a reason the client reads').check();
    const reason = request('Pump noise').getByLabel('Reason the client reads', { exact: true });
    expect(await reason.isVisible()).toBe(true);
    await preview.getByRole('button', { name: 'Confirm' }).click();
    expect(await waitForText(choices.getByTestId('offboarding-requests-error'), 'reason')).toBe(
      'Write the reason the client reads for “Pump noise”, or leave it open.',
    );
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedId(employee)).toBe(`offboarding-${toClose}-reason`);
    expect(await preview.getByTestId('final-confirmation').count()).toBe(0);
    await reason.fill(REASON);

    // Adam manages Blue Harbor only: the gateway refuses him, and the choices stay to be corrected.
    await request('New valve').getByLabel('Hand over to').check();
    const to = request('New valve').getByLabel('Employee who takes it over');
    await to.selectOption(DEMO.manager.id);
    await expectAccessible(employee, 'Governance → revoking a link, with a choice for each unfinished request');
    await preview.getByRole('button', { name: 'Confirm' }).click();
    problems.allowHttpError(422, `/api/governance/links/${emily.linkId}/status`);
    await preview.getByRole('button', { name: 'Yes, revoke for good' }).click();
    expect(await waitForText(choices.getByTestId('offboarding-requests-error'), 'may not')).toContain(`${DEMO.manager.name} may not work with`);
    expect(await reason.inputValue()).toBe(REASON);
    await expectAccessible(employee, 'Governance → revoking a link, a hand-over refused');
    expect((await olivia.get(`/api/governance/links/${emily.linkId}`)).body.status).toBe('active');
  });

  it('revokes the link with the choices and reports the requests closed, handed over and still open by title', async () => {
    const preview = employee.getByTestId('status-preview');
    const request = (title: string) => preview.getByTestId('offboarding-request').filter({ hasText: title });
    // An administrator governs every company: Olivia takes the request over herself.
    await request('New valve').getByLabel('Employee who takes it over').selectOption(DEMO.employee.id);
    await preview.getByRole('button', { name: 'Yes, revoke for good' }).click();
    expect(await waitForText(employee.getByTestId('link-access-notice'), 'revoked')).toContain('The link is revoked');

    const report = employee.getByTestId('offboarding-report');
    await waitForText(report, 'Still open');
    expect(await report.getByTestId('report-closed').textContent()).toBe('Pump noise');
    expect(await report.getByTestId('report-signatures-withdrawn').textContent()).toBe('Maintenance 2027');
    expect(await report.getByTestId('report-handed-over').textContent()).toBe(`New valve (to ${DEMO.employee.name})`);
    const open = (await report.getByTestId('report-still-open').textContent()) ?? '';
    expect(open).toContain('Update the delivery address');
    expect(open).toContain('New brochure layout');
    expect(open).not.toContain('Pump noise');
    expect(open).not.toContain('New valve');
    await expectAccessible(employee, 'Governance → the report of a revocation');

    // The client reads the reason in the closed request's conversation; Olivia now handles the other one.
    const closed = (await olivia.get(`/api/governance/requests/${toClose}`)).body;
    expect(closed.status).toBe('closed');
    expect(closed.messages).toContainEqual(expect.objectContaining({ internal: false, body: expect.stringContaining(REASON) }));
    expect((await olivia.get(`/api/governance/requests/${toHand}`)).body.assignee).toMatchObject({ id: DEMO.employee.id });
  });
});
