import { PERMISSION_WORDS } from '../../domain/wording.js';
import { Badge } from '../shared/components.js';
import { words } from '../shared/format.js';
import { usePortal } from './context.js';

/** Who the client is, their default company and what they can do in each company. */
export function Welcome() {
  const { me } = usePortal();
  const { user, defaultCompany, companies } = me;
  return (
    <section class="card" id="welcome-block" data-testid="welcome" aria-labelledby="welcome">
      <h2 id="welcome">
        Welcome, {user.firstName} {user.lastName}
      </h2>
      <p id="default-company">
        {defaultCompany ? (
          <>
            Default company: <strong>{defaultCompany.name}</strong>
          </>
        ) : (
          'No company is open to you at the moment.'
        )}
      </p>
      <h3 id="companies-title">Your companies</h3>
      <ul id="companies" class="plain" aria-labelledby="companies-title" data-testid="companies">
        {companies.map((c) => {
          const abilities = c.permissions.map((p) => PERMISSION_WORDS[p]?.ability ?? p);
          return (
            <li key={c.id} data-company-id={c.id} data-testid="company-item">
              <strong>{c.name}</strong>
              {defaultCompany?.id === c.id && <Badge>default</Badge>}
              <br />
              <span class="muted">{abilities.length ? `You can ${words(abilities)}.` : 'No access is granted in this company yet.'}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
