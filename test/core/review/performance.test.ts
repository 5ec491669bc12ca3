import { performance } from 'perf_hooks';
import { reviewOutputs } from '../../../lib/core/review';
import { output, stackJson, type GroupSpec } from './outputs';

/** An environment of `groups` groups on `workspaces` workspaces, every group USER everywhere. */
function large(groups: number, workspaces: number, admins: number) {
  const names = Array.from({ length: workspaces }, (_, w) => `ws-${w}`);
  const spec: Record<string, GroupSpec> = {};
  for (let g = 0; g < groups; g++) {
    spec[`group-${g}`] = {
      workspaces: Object.fromEntries(names.map((w) => [w, g < admins ? 'ADMIN' : 'USER'])),
      entitlements: ['workspace-access'],
    };
  }
  return stackJson({
    environment: 'prod',
    accountId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    workspaces: Object.fromEntries(names.map((w, i) => [w, String(1_000_000_000 + i)])),
    groups: spec,
  });
}

test('GIVEN two outputs of 10,000 resource instances each WHEN reviewed THEN the time is printed (budget: under 2 s)', () => {
  // 1,000 groups x 10 workspaces: 10,000 assignments plus 10,000 entitlements per side.
  const base = large(1000, 10, 10);
  const head = large(1000, 10, 110);

  const started = performance.now();
  const review = reviewOutputs(output({ prod: base }), output({ prod: head }));
  const seconds = (performance.now() - started) / 1000;

  console.log(
    `reviewed 2 x 20,000 resource instances in ${seconds.toFixed(2)} s (${review.findings.length} findings)`,
  );
  expect(review.findings.filter((f) => f.kind === 'access' && f.severity === 'high')).toHaveLength(1000);
});
