/**
 * The demo directory seeded on first start (seed page 000's example): the agency
 * Vector, its client Northern Light with the contact Emily Carter, and a second
 * client, Blue Harbor, whose contact is already linked so that isolation can be
 * seen. Fixed ids let each service seed its own part without reading another's tables.
 */
export const DEMO = {
  agency: { id: '00000000-0000-4000-8000-0000000000a1', name: 'Vector' },
  northernLight: { id: '00000000-0000-4000-8000-0000000000c1', name: 'Northern Light' },
  blueHarbor: { id: '00000000-0000-4000-8000-0000000000c2', name: 'Blue Harbor' },
  emily: { id: '00000000-0000-4000-8000-0000000000e1', firstName: 'Emily', lastName: 'Carter', email: 'emily.carter@northern-light.test' },
  daniel: { id: '00000000-0000-4000-8000-0000000000e2', firstName: 'Daniel', lastName: 'Brooks', email: 'daniel.brooks@blue-harbor.test' },
  pipelines: {
    support: { id: '00000000-0000-4000-8000-0000000000b1', name: 'Support' },
    design: { id: '00000000-0000-4000-8000-0000000000b2', name: 'Design' },
    billing: { id: '00000000-0000-4000-8000-0000000000b3', name: 'Billing' },
  },
  /** The Blue Harbor portal user, linked at seed time so a second client can sign in at once. */
  danielUser: { id: '00000000-0000-4000-8000-0000000000d2', login: 'daniel.brooks', password: 'Harbor-demo-2026!' },
  danielLinkId: '00000000-0000-4000-8000-0000000000f2',
  employee: {
    id: '00000000-0000-4000-8000-000000000101',
    subject: 'employee-olivia',
    login: 'olivia@vector.test',
    password: 'vector-demo',
    name: 'Olivia Grant',
    email: 'olivia@vector.test',
  },
  /** An account manager of Blue Harbor only: may grant access there, not at Northern Light. */
  manager: {
    id: '00000000-0000-4000-8000-000000000102',
    subject: 'employee-adam',
    login: 'adam@vector.test',
    password: 'vector-demo',
    name: 'Adam Reed',
    email: 'adam@vector.test',
  },
} as const;
