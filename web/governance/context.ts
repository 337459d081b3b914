import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Company, Employee, Pipeline } from '../shared/api.js';

export const SECTIONS = [
  'links',
  'wizard',
  'channels',
  'requests',
  'documents',
  'notifications',
  'pipelines',
  'companies',
  'security',
  'audit',
  'mail',
] as const;
export type Section = (typeof SECTIONS)[number];

/** Each section's name, as the navigation shows it. */
export const SECTION_NAMES: Record<Section, string> = {
  links: 'Client links',
  wizard: 'Link a client user',
  channels: 'Channel links',
  requests: 'Requests',
  documents: 'Documents',
  notifications: 'Notifications',
  pipelines: 'Pipelines',
  companies: 'Companies',
  security: 'Security',
  audit: 'Audit',
  mail: 'Mail (development)',
};

/** What every section of the governance area shares: who is signed in, names by id, and the ways across sections. */
export interface Governance {
  me: Employee;
  pipelines: Map<string, string>;
  companyNames: Map<string, string>;
  employees: Map<string, string>;
  /** The client companies (not the agency), read once when first needed; null when they cannot be read. */
  clientCompanies(): Promise<Company[] | null>;
  /** The Companies section read them again: new names everywhere. */
  setCompanies(companies: Company[]): void;
  /** The Pipelines section read or changed them: new names everywhere. */
  setPipelines(pipelines: Pipeline[]): void;
  /** Whether the signed-in employee may change pipelines (administrators and department leads). */
  managesPipelines: boolean;
  showSection(name: Section): void;
  /** Opens a link's detail in the Client links section. */
  openLink(id: string): void;
  /** The audit trail of one link. */
  auditOfLink(linkId: string): void;
}

export const GovernanceContext = createContext<Governance | null>(null);

export function useGovernance() {
  const g = useContext(GovernanceContext);
  if (!g) throw new Error('useGovernance outside the signed-in governance area');
  return {
    ...g,
    companyName: (id: string) => g.companyNames.get(id) ?? id,
    pipelineName: (id: string) => g.pipelines.get(id) ?? id,
    employeeName: (id: string) => g.employees.get(id) ?? id,
  };
}

/** A section is told when it is shown: `visit` counts the times, so it reloads each time, as a page would. */
export interface SectionProps {
  active: boolean;
  visit: number;
}
