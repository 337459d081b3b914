import type { LinkDetail } from '../../shared/api.js';
import { Badge, TableScroll } from '../../shared/components.js';
import { usePolicyText } from '../impact.js';

/** The link's companies, each with its company, contact and effective policy. */
export function LinkCompanies({ link }: { link: LinkDetail }) {
  const policyText = usePolicyText();
  return (
    <>
      <h4 id="link-companies-title">Companies</h4>
      <TableScroll name="Companies of the link">
        <table aria-labelledby="link-companies-title">
          <thead>
            <tr>
              <th scope="col">Company</th>
              <th scope="col">Company policy</th>
              <th scope="col">Contact policy</th>
              <th scope="col">Effective policy</th>
            </tr>
          </thead>
          <tbody id="link-companies">
            {link.companies.map((c) => (
              <tr key={c.id} data-company-id={c.id}>
                <td>
                  {c.name}
                  {c.id === link.defaultCompanyId && <Badge>default</Badge>}
                  {c.extranetEnabled === false && <div class="muted">Extranet disabled for this company</div>}
                </td>
                <td>{policyText(c.companyPolicy)}</td>
                <td>{policyText(c.contactPolicy)}</td>
                <td data-testid="effective-policy">{policyText(c.effectivePolicy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
