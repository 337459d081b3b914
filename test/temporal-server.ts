import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { findTemporalCli } from '../scripts/temporal-cli.mjs';
import { SEARCH_ATTRIBUTES } from '../workflows/messages.js';
import { WORKFLOWS_PATH } from '../workflows/worker.js';

/**
 * A real Temporal dev server (the CLI from setup) on loopback with our search
 * attributes, and the bundle of every workflow: what the tests' global setup
 * and the benchmarks start once.
 */
export async function startTemporalForTests(): Promise<{ env: TestWorkflowEnvironment; workflowBundleCode: string }> {
  const cli = findTemporalCli();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli ? { executable: { type: 'existing-path' as const, path: cli } } : {}),
      searchAttributes: SEARCH_ATTRIBUTES,
      ip: '127.0.0.1',
      ui: false,
    },
  });
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never,
  });
  return { env, workflowBundleCode: code };
}
