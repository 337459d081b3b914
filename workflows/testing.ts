/**
 * For the workflow tests with mocked activities: the shared Temporal dev server
 * (from the global setup), a worker on its own task queue running the real
 * workflow bundle, and in-memory stand-ins for identity and policy that keep
 * the rules the workflows rely on (idempotent recording that revokes the
 * pending invitation first, conditional expiry, at most one email per invitation).
 */
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { Activities, InvitationIds } from './activities.js';

// Worker state changes are noise in test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process.
}

export interface FakeInvitation {
  id: string;
  linkId: string;
  issuedBy: string;
  status: 'pending' | 'used' | 'expired' | 'revoked';
  expiresAt: number;
  emails: number;
}

type Name = keyof Activities;

/** Identity and policy in memory, with a log of every activity call and gates that hold a call until released. */
export class FakeServices {
  /** An invitation's lifetime from the moment it is recorded. */
  lifetimeMs = 3_600_000;
  readonly links = new Map<string, { status: string }>();
  readonly invitations = new Map<string, FakeInvitation>();
  readonly calls: { name: Name; args: unknown[] }[] = [];
  /** Signature requests as the documents service would answer them; a test moves `status`. */
  readonly signatureRequests = new Map<string, { documentId: string; userId: string; status: string; wakeEveryMs: number }>();
  private readonly gates = new Map<Name, Promise<void>>();

  /** Holds every call of the activity until the returned function is called. */
  hold(name: Name): () => void {
    let release!: () => void;
    this.gates.set(
      name,
      new Promise<void>((r) => {
        release = r;
      }),
    );
    return () => {
      this.gates.delete(name);
      release();
    };
  }

  called(name: Name): unknown[][] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }

  invitationsOf(linkId: string): FakeInvitation[] {
    return [...this.invitations.values()].filter((i) => i.linkId === linkId);
  }

  /** What identity does at activation: a pending invitation within its lifetime becomes used. */
  activate(id: string): boolean {
    const inv = this.invitations.get(id);
    if (inv?.status !== 'pending' || Date.now() >= inv.expiresAt) return false;
    inv.status = 'used';
    return true;
  }

  /** What identity does when an employee revokes a pending invitation. */
  revoke(id: string): boolean {
    const inv = this.invitations.get(id);
    if (inv?.status !== 'pending') return false;
    inv.status = 'revoked';
    return true;
  }

  private async enter(name: Name, args: unknown[]) {
    this.calls.push({ name, args });
    await this.gates.get(name);
  }

  activities(): Activities {
    const linkOf = (linkId: string) => {
      const link = this.links.get(linkId);
      if (!link) throw ApplicationFailure.nonRetryable('link not found', 'not_found');
      return link;
    };
    return {
      createLink: async (args: { reviewId: string; employeeId: string }) => {
        await this.enter('createLink', [args]);
        if (!this.links.has(args.reviewId)) this.links.set(args.reviewId, { status: 'active' });
        return { id: args.reviewId, status: linkOf(args.reviewId).status };
      },
      applyStarterPolicy: async (linkId: string) => {
        await this.enter('applyStarterPolicy', [linkId]);
        linkOf(linkId);
      },
      recordInvitation: async (input: InvitationIds) => {
        await this.enter('recordInvitation', [input]);
        const link = linkOf(input.linkId);
        if (link.status !== 'active') throw ApplicationFailure.nonRetryable(`the link is ${link.status}`, 'link_not_active');
        const existing = this.invitations.get(input.invitationId);
        if (existing) return { expiresAt: new Date(existing.expiresAt).toISOString(), revokedInvitationIds: [] };
        const revoked = this.invitationsOf(input.linkId).filter((i) => i.status === 'pending');
        for (const r of revoked) r.status = 'revoked';
        const inv: FakeInvitation = {
          id: input.invitationId,
          linkId: input.linkId,
          issuedBy: input.employeeId,
          status: 'pending',
          expiresAt: Date.now() + this.lifetimeMs,
          emails: 0,
        };
        this.invitations.set(inv.id, inv);
        return { expiresAt: new Date(inv.expiresAt).toISOString(), revokedInvitationIds: revoked.map((r) => r.id) };
      },
      deliverInvitation: async (args: { invitationId: string; linkId: string }) => {
        await this.enter('deliverInvitation', [args]);
        const inv = this.invitations.get(args.invitationId);
        if (!inv || inv.linkId !== args.linkId) throw ApplicationFailure.nonRetryable('invitation not found', 'not_found');
        if (inv.status !== 'pending') throw ApplicationFailure.nonRetryable(`invitation is ${inv.status}`, 'invitation_not_pending');
        if (inv.emails > 0) return { sent: false };
        inv.emails++;
        return { sent: true };
      },
      setLinkStatus: async (args: { linkId: string; status: string; employeeId: string }) => {
        await this.enter('setLinkStatus', [args]);
        linkOf(args.linkId).status = args.status;
      },
      endSessions: async (args: { linkId: string; reason: string }) => {
        await this.enter('endSessions', [args]);
        linkOf(args.linkId);
        return 2;
      },
      revokePendingInvitations: async (linkId: string) => {
        await this.enter('revokePendingInvitations', [linkId]);
        const pending = this.invitationsOf(linkId).filter((i) => i.status === 'pending');
        for (const p of pending) p.status = 'revoked';
        return pending.map((p) => p.id);
      },
      revokeChannelLinks: async (linkId: string) => {
        await this.enter('revokeChannelLinks', [linkId]);
        return ['7d1c1f52-4b8e-4f0a-9a57-0c0ffee00001'];
      },
      openRequests: async (linkId: string) => {
        await this.enter('openRequests', [linkId]);
        linkOf(linkId);
        return ['7d1c1f52-4b8e-4f0a-9a57-0c0ffee00002', '7d1c1f52-4b8e-4f0a-9a57-0c0ffee00003'];
      },
      withdrawSignatures: async (linkId: string) => {
        await this.enter('withdrawSignatures', [linkId]);
        linkOf(linkId);
        const pending = [...this.signatureRequests].filter(([, r]) => r.status === 'pending' && r.userId === linkId);
        for (const [, r] of pending) r.status = 'withdrawn';
        return pending.map(([id]) => id);
      },
      // A stand-in kept to what the workflow relies on (the real one is tested in test/signatures.test.ts).
      advanceSignatures: async (id: string) => {
        await this.enter('advanceSignatures', [id]);
        const r = this.signatureRequests.get(id);
        if (!r) throw ApplicationFailure.nonRetryable('signature request not found', 'not_found');
        const now = Date.now();
        return {
          signatureRequestId: id,
          documentId: r.documentId,
          status: r.status,
          deadlineAt: new Date(now + 3_600_000).toISOString(),
          nextWakeAt: new Date(now + r.wakeEveryMs).toISOString(),
          signers: [{ userId: r.userId, position: 1, state: r.status === 'completed' ? 'signed' : 'waiting', turn: r.status === 'pending', emailsSent: 1 }],
          dueUserIds: [],
        };
      },
      // Notifications run against the real services in test/notifications.test.ts; these keep a log for the recorded histories.
      recipientsOf: async (event) => {
        await this.enter('recipientsOf', [event]);
        return { recipients: [] };
      },
      enqueueNotifications: async (args) => {
        await this.enter('enqueueNotifications', [args]);
      },
      deliverNotifications: async (args) => {
        await this.enter('deliverNotifications', [args]);
        return { delivered: args.events.length, withheld: 0, emailed: args.events.length > 0, telegram: false };
      },
      closeRequest: async (args) => {
        await this.enter('closeRequest', [args]);
      },
      handOverRequest: async (args) => {
        await this.enter('handOverRequest', [args]);
      },
      settleInvitation: async (invitationId: string) => {
        await this.enter('settleInvitation', [invitationId]);
        const inv = this.invitations.get(invitationId);
        if (!inv) throw ApplicationFailure.nonRetryable('invitation not found', 'not_found');
        if (inv.status === 'pending' && Date.now() >= inv.expiresAt) inv.status = 'expired';
        return inv.status;
      },
    };
  }
}

export interface MockedTemporal {
  client: Client;
  taskQueue: string;
  fake: FakeServices;
  /** The workflow bundle every test worker runs (built once by the global setup). */
  code: string;
  close(): Promise<void>;
}

/** A worker on a task queue of its own, running the real workflows with the fake services as activities. */
export async function mockedTemporal(): Promise<MockedTemporal> {
  const address = inject('temporalAddress');
  const code = readFileSync(inject('workflowBundlePath'), 'utf8');
  const taskQueue = `mocked-${randomBytes(6).toString('hex')}`;
  const fake = new FakeServices();
  const native = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: { code },
    activities: fake.activities(),
    stickyQueueScheduleToStartTimeout: '1s',
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  return {
    client,
    taskQueue,
    fake,
    code,
    async close() {
      worker.shutdown();
      await running;
      await native.close();
      await connection.close();
    },
  };
}

/** Polls until `probe` answers something other than undefined. */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A link id as the wizard makes them (a review id). */
export const newLinkId = () => randomUUID();
