import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EMPLOYEE_ROLE_WORDS } from '../../domain/wording.js';
import type { Company, Employee } from '../shared/api.js';
import { wordOf } from '../shared/format.js';
import { useBusy } from '../shared/forms.js';
import { gov } from './api.js';
import { Audit, type AuditPreset } from './Audit.js';
import { Channels } from './Channels.js';
import { Companies } from './Companies.js';
import { Documents } from './documents/Documents.js';
import { GovernanceContext, SECTION_NAMES, SECTIONS, type Governance, type Section } from './context.js';
import { Links } from './links/Links.js';
import { Mail } from './Mail.js';
import { Notifications } from './Notifications.js';
import { Pipelines } from './pipelines/Pipelines.js';
import { Requests } from './requests/Requests.js';
import { Security } from './Security.js';
import { Wizard } from './wizard/Wizard.js';

const asSection = (name: string): Section => ((SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'links');

type Session = { state: 'loading' } | { state: 'signed-out'; message?: string } | { state: 'signed-in'; me: Employee };

/** Extranet Governance: employees link clients to CRM contacts and decide what each client can reach. */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [pipelines, setPipelines] = useState(new Map<string, string>());
  const [companyNames, setCompanyNames] = useState(new Map<string, string>());
  const [employees, setEmployees] = useState(new Map<string, string>());
  const [section, setSection] = useState<Section>('links');
  const [visits, setVisits] = useState<Record<Section, number>>({
    links: 0,
    wizard: 0,
    channels: 0,
    requests: 0,
    documents: 0,
    notifications: 0,
    pipelines: 0,
    companies: 0,
    security: 0,
    audit: 0,
    mail: 0,
  });
  const [openedLink, setOpenedLink] = useState<{ id: string; n: number } | null>(null);
  const [auditPreset, setAuditPreset] = useState<AuditPreset | null>(null);
  const [unread, setUnread] = useState(0);
  const clients = useRef<Promise<Company[] | null> | null>(null);
  const [signingOut, run] = useBusy();

  const signedOut = useCallback((message?: string) => setSession({ state: 'signed-out', message }), []);

  const showSection = useCallback((name: Section) => {
    setSection(name);
    setVisits((v) => ({ ...v, [name]: v[name] + 1 }));
    if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  }, []);

  useEffect(() => {
    gov.whenUnauthorized(() => signedOut('Your session has ended; sign in again.'));
    void (async () => {
      const me = await gov.me();
      if (!me.ok) {
        if (me.status === 403)
          return signedOut('The governance area is for Vector employees. You are signed in to the client portal; sign in with an employee account instead.');
        return signedOut(me.status === 401 ? undefined : me.error.message);
      }
      const [p, c, e] = await Promise.all([gov.pipelines(), gov.companies(), gov.employees()]);
      if (p.ok) setPipelines(new Map(p.data.pipelines.map((x) => [x.id, x.name])));
      if (c.ok) setCompanyNames(new Map(c.data.companies.map((x) => [x.id, x.name])));
      if (e.ok) setEmployees(new Map(e.data.employees.map((x) => [x.id, x.name])));
      setSession({ state: 'signed-in', me: me.data });
      showSection(asSection(location.hash.slice(1)));
    })();
  }, [signedOut, showSection]);

  const me = session.state === 'signed-in' ? session.me : null;
  const governance = useMemo<Governance | null>(
    () =>
      me && {
        me,
        pipelines,
        companyNames,
        employees,
        clientCompanies() {
          clients.current ??= gov.companies().then((r) => {
            if (r.ok) return r.data.companies.filter((x) => x.kind === 'client');
            clients.current = null;
            return null;
          });
          return clients.current;
        },
        setCompanies(companies) {
          setCompanyNames(new Map(companies.map((x) => [x.id, x.name])));
        },
        setPipelines(list) {
          setPipelines(new Map(list.map((x) => [x.id, x.name])));
        },
        managesPipelines: me.role === 'administrator' || me.role === 'department_lead',
        showSection,
        openLink(id) {
          showSection('links');
          setOpenedLink((o) => ({ id, n: (o?.n ?? 0) + 1 }));
        },
        auditOfLink(linkId) {
          setAuditPreset((p) => ({ linkId, n: (p?.n ?? 0) + 1 }));
          showSection('audit');
        },
      },
    [me, pipelines, companyNames, employees, showSection],
  );

  return (
    <>
      <header class="top">
        <h1>Extranet Governance</h1>
        <div class="who">
          <span id="who" data-testid="who">
            {me && `Signed in as ${me.name} (${wordOf(EMPLOYEE_ROLE_WORDS, me.role).toLowerCase()})`}
          </span>
          {me && (
            <button
              type="button"
              id="signout"
              class="secondary"
              disabled={signingOut}
              onClick={() =>
                run(async () => {
                  try {
                    await gov.signOut();
                  } finally {
                    location.reload();
                  }
                })
              }
            >
              Sign out
            </button>
          )}
        </div>
      </header>
      {governance && (
        <nav class="sections" id="nav" aria-label="Sections">
          {SECTIONS.map((s) => (
            <button key={s} type="button" id={`nav-${s}`} data-section={s} aria-current={s === section ? 'page' : undefined} onClick={() => showSection(s)}>
              {SECTION_NAMES[s]}
              {s === 'notifications' && unread > 0 && (
                <span class="badge nav-count" data-testid="nav-unread">
                  {unread}
                  <span class="visually-hidden"> unread</span>
                </span>
              )}
            </button>
          ))}
        </nav>
      )}
      <main id="app">
        <p id="loading" class="muted" role="status" hidden={session.state !== 'loading'}>
          Loading…
        </p>
        {session.state === 'signed-out' && (
          <section id="signed-out" class="card" aria-labelledby="signed-out-title">
            <h2 id="signed-out-title">Employees only</h2>
            <p id="signed-out-message">{session.message ?? 'Sign in with your Vector account to manage client access.'}</p>
            <p>
              <a id="signin" href="/auth/login" data-testid="signin">
                Sign in
              </a>
            </p>
          </section>
        )}
        {governance && (
          <GovernanceContext.Provider value={governance}>
            <Links active={section === 'links'} visit={visits.links} opened={openedLink} />
            <Wizard active={section === 'wizard'} visit={visits.wizard} />
            <Channels active={section === 'channels'} visit={visits.channels} />
            <Requests active={section === 'requests'} visit={visits.requests} />
            <Documents active={section === 'documents'} visit={visits.documents} />
            <Notifications active={section === 'notifications'} visit={visits.notifications} onUnread={setUnread} />
            <Pipelines active={section === 'pipelines'} visit={visits.pipelines} />
            <Companies active={section === 'companies'} visit={visits.companies} />
            <Security active={section === 'security'} visit={visits.security} />
            <Audit active={section === 'audit'} visit={visits.audit} preset={auditPreset} />
            <Mail active={section === 'mail'} visit={visits.mail} />
          </GovernanceContext.Provider>
        )}
      </main>
    </>
  );
}
