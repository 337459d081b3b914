import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { findTemporalCli } from '../scripts/temporal-cli.mjs';
import { CompanyIdsAttr, ContactEmailAttr, LinkIdAttr } from '../workflows/messages.js';
import { WORKFLOWS_PATH } from '../workflows/worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

/**
 * Once per run: a real Temporal dev server (the CLI from setup) with our search
 * attributes, and the workflow bundle every test worker reuses.
 */
export default async function setup(project: TestProject) {
  const cli = findTemporalCli();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli ? { executable: { type: 'existing-path' as const, path: cli } } : {}),
      searchAttributes: [LinkIdAttr, CompanyIdsAttr, ContactEmailAttr],
      ip: '127.0.0.1',
      ui: false,
    },
  });
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
  });
  mkdirSync('.data/test', { recursive: true });
  const bundlePath = '.data/test/workflow-bundle.js';
  writeFileSync(bundlePath, code);
  project.provide('temporalAddress', env.address);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await env.teardown();
  };
}
