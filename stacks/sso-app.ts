import { AnnotationMetadataEntryType, App } from 'cdktf';
import { DeployGate } from '../lib/constructs/deploy-gate';
import { validateDeclarations } from '../lib/core/declaration/validate';
import { checkPolicy, formatFinding, PolicyViolations } from '../lib/core/policy/pack';
import type { Finding, PolicyReport } from '../lib/core/policy/types';
import { resolveClock } from '../lib/core/rotation/calendar';
import { partitionShards, shardStackName } from '../lib/core/declaration/shards';
import { accountGroups } from '../lib/core/declaration/account';
import { SsoStack } from './sso-stack';

/** One environment's declaration as read, before validation, and where it came from. */
export interface DeclarationSource {
  /**
   * The declaration as plain data: an {@link EnvironmentDeclaration} literal, or what
   * {@link readDeclarationFile} returns. Validated by {@link addEnvironments}.
   */
  readonly input: unknown;
  /** Names the declaration in error messages (a file name, or "built-in <env>"). */
  readonly source: string;
}

/** How {@link addEnvironments} and {@link enforcePolicy} run the policy pack. */
export interface PolicyOptions {
  /** The day the policy pack's age rules are judged on. @default SSO_CLOCK (YYYY-MM-DD), else today */
  readonly at?: Date;
  /** Receives every finding and applied suppression. @default prints warnings to stderr */
  readonly onPolicyReport?: (report: PolicyReport) => void;
}

/**
 * Validates every declaration first, then adds one stack per environment and holds them to the
 * policy pack. Nothing is synthesized when a declaration is invalid or a policy error stands.
 * Environments that promote after another depend on it, so `cdktf deploy` rolls staging first.
 */
export function addEnvironments(
  app: App,
  sources: readonly DeclarationSource[],
  policy: PolicyOptions = {},
): SsoStack[] {
  const declarations = validateDeclarations(sources);
  const stacks = new Map<string, SsoStack>();
  const shards: SsoStack[] = [];
  for (const declaration of declarations) {
    const shared = declaration.databricks.sharedAccount;
    const main = new SsoStack(app, declaration.environment, {
      declaration,
      // The owner of a shared account signs in, provisions and creates groups for all its environments.
      ...(shared?.owner === declaration.environment
        ? { accountGroups: accountGroups(declaration, declarations) }
        : {}),
    });
    stacks.set(declaration.environment, main);
    const partition = partitionShards(declaration.groups, declaration.mappingShards);
    for (const [i, groups] of partition.entries()) {
      const index = i + 1;
      const shard = new SsoStack(app, shardStackName(declaration.environment, index), {
        declaration,
        shard: { index, groups },
      });
      // Shards deploy after their environment's main stack, so staging's shards precede prod.
      shard.addDependency(main);
      shards.push(shard);
    }
  }
  for (const stack of stacks.values()) {
    const leader = stack.declaration.promotesAfter;
    if (leader !== undefined) stack.addDependency(stacks.get(leader) as SsoStack);
  }
  const all = [...stacks.values(), ...shards];
  enforcePolicy(all, policy);
  return all;
}

/**
 * Runs the policy pack on the stacks' Terraform JSON as it would be written. Every error finding
 * is thrown at once (`PolicyViolations`) before anything is synthesized; warnings go to
 * `onPolicyReport`. A blocking finding (an overdue production key) is judged per environment:
 * each of that environment's stacks gets a deploy gate that fails its `terraform plan`, and a
 * warning annotation, while every other stack synthesizes and deploys as usual
 * (`cdktf deploy staging` synthesizes the whole app, and cdktf refuses to go on after any error
 * annotation).
 * Each applied suppression is recorded in its environment's stack at `"//".sso.suppressions`,
 * where reviewers and auditors (and `sso review`) read it.
 */
export function enforcePolicy(stacks: readonly SsoStack[], policy: PolicyOptions = {}): PolicyReport {
  const byEnvironment = new Map<string, SsoStack[]>();
  for (const stack of stacks) {
    const environment = stack.declaration.environment;
    byEnvironment.set(environment, [...(byEnvironment.get(environment) ?? []), stack]);
  }
  const report = checkPolicy(
    [...byEnvironment.values()].map((group) => ({
      declaration: (group[0] as SsoStack).declaration,
      stacks: Object.fromEntries(group.map((stack) => [stack.node.id, stack.toTerraform()])),
    })),
    policy.at ?? resolveClock(undefined, process.env),
  );
  (policy.onPolicyReport ?? printWarnings)(report);
  if (report.findings.some((f) => f.level === 'error')) throw new PolicyViolations(report);
  for (const [environment, group] of byEnvironment) {
    const records = report.suppressed.filter((s) => s.environment === environment);
    const home = group.find((stack) => stack.node.id === environment) ?? (group[0] as SsoStack);
    if (records.length > 0) home.addOverride('//.sso.suppressions', records);
    const blocking = report.findings.filter((f) => f.environment === environment && f.level === 'blocking');
    if (blocking.length > 0) gate(group, environment, blocking);
  }
  return report;
}

function gate(stacks: readonly SsoStack[], environment: string, blocking: readonly Finding[]): void {
  const reasons: Record<string, string> = {};
  for (const f of blocking) {
    const where = `${f.rule} ${f.path}`;
    let key = where;
    for (let i = 2; key in reasons; i++) key = `${where} (${i})`;
    reasons[key] = f.message;
  }
  for (const stack of stacks) {
    new DeployGate(stack, 'deploy-gate', { environment, reasons });
    // cdktf prints it on every synth and deploy; no stack trace, so manifest.json stays machine-independent.
    stack.node.addMetadata(
      AnnotationMetadataEntryType.WARN,
      `${environment} must not be deployed (terraform plan fails for this stack); the other environments ` +
        `deploy as usual. ${blocking.map((f) => `${f.rule} ${f.path}: ${f.message}`).join(' | ')}`,
    );
  }
}

/** Prints a policy report's warnings and blocking findings on stderr, one line each. */
export function printWarnings(report: PolicyReport): void {
  for (const finding of report.findings) {
    if (finding.level !== 'error') process.stderr.write(`${finding.level}: ${formatFinding(finding)}\n`);
  }
}
