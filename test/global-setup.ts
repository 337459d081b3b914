import { mkdirSync, writeFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startTemporalForTests } from './temporal-server.js';

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
  const { env, workflowBundleCode: code } = await startTemporalForTests();
  mkdirSync('.data/test', { recursive: true });
  const bundlePath = '.data/test/workflow-bundle.js';
  writeFileSync(bundlePath, code);
  project.provide('temporalAddress', env.address);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await env.teardown();
  };
}
