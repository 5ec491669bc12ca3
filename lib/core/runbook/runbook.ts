import { accountGroups, isAccountMember, rehearsalEnvironment } from '../declaration/account';
import type { Declaration } from '../declaration/schema';
import { describeValue, ValidationError } from '../errors';
import {
  type CalendarEntry,
  nextRotationStep,
  type RotationCalendar,
  rotationCalendar,
} from '../rotation/calendar';
import { dayOf, formatDay, parseDay } from '../rotation/dates';
import { keyGenerations, suggestedGeneration } from '../rotation/declarations';
import { type IdpView, idpView } from './idp';

export const RUNBOOK_CHANGES = ['initial', 'rotation'] as const;
export type RunbookChange = (typeof RUNBOOK_CHANGES)[number];

/** The Terraform outputs that hold what the account console needs (`SSO_OUTPUTS` of the SSO settings construct). */
export interface SsoOutputNames {
  readonly ssoUrl: string;
  readonly entityId: string;
  readonly certificatePem: string;
  readonly certificateSha256: string;
  readonly redirectUrl: string;
}

export interface RunbookInput {
  /** The environment the runbook is for. */
  readonly environment: string;
  /** Every environment deployed together (validated): the runbook names the ones before and after. */
  readonly declarations: readonly Declaration[];
  readonly change: RunbookChange;
  readonly outputs: SsoOutputNames;
  /** The account console of the environment's cloud, e.g. `https://accounts.cloud.databricks.com`. */
  readonly accountConsole: string;
  /** Planned dates and the key's status are computed for this day. */
  readonly at: Date;
  /**
   * Where the stacks are synthesized, relative to the repository root.
   * @default "cdktf.out"
   */
  readonly outDir?: string;
}

/** How long new sign-ins fail during a rotation when the console step follows the apply at once. */
const EXPECTED_FAILED_LOGIN_WINDOW = '1-3 minutes';

/**
 * The console procedure for one environment as Markdown, filled with its real values. Databricks has
 * no API for its SAML settings, so this is the part of a change that a person performs.
 *
 * @throws ValidationError when the environment is not in the set or has no SAML single sign-on
 */
export function renderRunbook(input: RunbookInput): string {
  const member = input.declarations.find((d) => d.environment === input.environment);
  if (member !== undefined && isAccountMember(member)) return memberRunbook(member, input);
  const context = runbookContext(input);
  return `${(input.change === 'initial' ? initialRunbook(context) : rotationRunbook(context)).join('\n')}\n`;
}

interface Context {
  readonly d: Declaration;
  readonly idp: IdpView;
  readonly input: RunbookInput;
  readonly redirectUrl: string;
  readonly key: CalendarEntry;
  /** `input.at` as a UTC day. */
  readonly today: string;
  /** The command that prints one Terraform output, as inline code. */
  readonly output: (name: string) => string;
  readonly stackDir: string;
  /** The other environments of a shared account, which sign in through the same settings and key. */
  readonly partners: readonly Declaration[];
}

function runbookContext(input: RunbookInput): Context {
  const d = input.declarations.find((candidate) => candidate.environment === input.environment);
  if (d === undefined) {
    throw new ValidationError(
      'environment',
      describeValue(input.environment),
      `one of ${input.declarations.map((c) => c.environment).join(', ')}`,
    );
  }
  // Typed as optional: Azure Databricks declarations have neither.
  const redirectUrl: string | undefined = d.databricks.redirectUrl;
  const calendar = rotationCalendarFor(input);
  const key = calendar.environments.find((e) => e.environment === d.environment);
  if (redirectUrl === undefined || key === undefined) {
    throw new ValidationError(
      `${d.environment}: databricks.cloud`,
      describeValue(d.databricks.cloud),
      'an environment with SAML single sign-on (Azure Databricks signs in through Entra ID natively: no console steps)',
    );
  }
  const stackDir = `${input.outDir ?? 'cdktf.out'}/stacks/${d.environment}`;
  return {
    d,
    idp: idpView(d),
    input,
    redirectUrl,
    key,
    today: calendar.at,
    stackDir,
    output: (name) => `\`terraform output -raw ${name}\``,
    partners: input.declarations.filter(
      (other) => d.databricks.sharedAccount?.environments.includes(other.environment) && other !== d,
    ),
  };
}

function rotationCalendarFor(input: RunbookInput): Pick<RotationCalendar, 'at' | 'environments'> {
  const generations = keyGenerations(input.declarations);
  // rotationCalendar refuses an empty list; an all-Azure set simply has no keys.
  if (generations.length === 0) return { at: formatDay(dayOf(input.at, 'at')), environments: [] };
  return rotationCalendar(generations, input.at);
}

function header(c: Context, title: string): string[] {
  const d = c.d;
  const cloud = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure' }[d.databricks.cloud];
  return [
    `# ${title}: ${d.environment}`,
    '',
    `- Environment: **${d.environment}** (${d.tier}${d.promotesAfter ? `, after ${d.promotesAfter}` : ''})`,
    `- Databricks on ${cloud}, account \`${d.databricks.accountId}\`, account console ${c.input.accountConsole}`,
    `- Identity provider: ${c.idp.name}, ${c.idp.app}`,
    `- Databricks Redirect URL: \`${c.redirectUrl}\``,
    `- Workspaces: ${Object.entries(d.databricks.workspaces)
      .map(([name, w]) => `${name} (${w.url})`)
      .join(', ')}`,
    `- Signing key: generation \`${c.key.generation}\`, issued ${c.key.issued}, rotate by ${c.key.rotateBy} ` +
      `(${c.key.status} on ${c.today})`,
    ...sharedAccountLine(c),
    '',
    `Run the \`terraform output\` commands in \`${c.stackDir}\` (after \`terraform init\`), where ` +
      `\`cdktf deploy ${d.environment}\` runs Terraform for the stack (its backend says where the state is). ` +
      'Nothing printed there is a secret, but ' +
      'Terraform state is: never copy it around.',
    '',
  ];
}

/**
 * The account's SSO settings and key serve the other environments of a shared account too: the
 * runbook says so instead of pretending that one of them rehearses the change.
 */
function sharedAccountLine(c: Context): string[] {
  if (c.partners.length === 0) return [];
  const names = c.partners.map((p) => p.environment).join(', ');
  const workspaces = c.partners
    .flatMap((p) => Object.entries(p.databricks.workspaces).map(([name, w]) => `${name} (${w.url})`))
    .join(', ');
  return [
    `- Shared account: ${names} use${c.partners.length === 1 ? 's' : ''} it too (workspaces: ${workspaces}). ` +
      `${c.d.environment} owns its SSO settings and signing key, which serve every environment of the account: ` +
      `this change reaches ${names} at the same moment and **cannot be staged** in one of them first.`,
  ];
}

/**
 * An environment that shares an account it does not own has no console steps of its own: they are
 * the owner's, and reach it at the same moment.
 */
function memberRunbook(d: Declaration, input: RunbookInput): string {
  const owner = d.databricks.sharedAccount?.owner ?? '';
  const title =
    input.change === 'initial' ? 'Set up SAML single sign-on' : 'Rotate the SAML signing certificate';
  const workspaces = Object.entries(d.databricks.workspaces)
    .map(([name, w]) => `${name} (${w.url})`)
    .join(', ');
  return [
    `# ${title}: ${d.environment}`,
    '',
    `${d.environment} shares Databricks account \`${d.databricks.accountId}\` with ${owner}, which owns the ` +
      "account's IdP app, SSO settings and signing key: the account holds one SSO configuration, so there is " +
      `nothing to do in ${d.environment}'s stack or console on its own. Follow ${owner}'s runbook ` +
      `(\`npx sso runbook --env ${owner} --change ${input.change}\`): the change reaches ${d.environment} at ` +
      `the same moment as ${owner} and **cannot be staged** in ${d.environment} first.`,
    '',
    `After ${owner}'s change window, test a login in a private browser window as an ordinary user in ` +
      `${d.environment}'s workspaces too: ${workspaces}.`,
    '',
  ].join('\n');
}

function emergencyAccess(c: Context, setUp: boolean): string {
  const users = c.d.emergencyAccess;
  const where = 'account console > Settings > Authentication > Emergency access';
  if (users.length === 0) {
    return (
      `**No emergency-access users are declared for ${c.d.environment}.** Add them to \`emergencyAccess\` and ` +
      `set them up (${where}: up to 20 users, each with a password and a security key) before going on: a ` +
      'broken SSO configuration otherwise locks every account admin out.'
    );
  }
  const named = users.map((u) => `\`${u}\``).join(', ');
  return setUp
    ? `Set up emergency access for ${named} (${where}: each with a password and a security key), and have ` +
        'one of them sign in that way once. They are the way back in if SSO breaks.'
    : `Confirm that an emergency-access user can still sign in with password and security key: ${named} ` +
        `(${where}). They are the way back in if SSO breaks.`;
}

function secondWindow(c: Context): string {
  return (
    `Sign in to the account console (${c.input.accountConsole}) as an account admin in a **second browser ` +
    'window** and keep it open at Settings > Authentication until the end: that session stays valid while ' +
    'new SSO sign-ins fail.'
  );
}

function pasteValues(c: Context, certificateOnly: boolean): string[] {
  const o = c.input.outputs;
  const cert = `**x.509 certificate**: ${c.output(o.certificatePem)} (the whole PEM, BEGIN and END lines included)`;
  if (certificateOnly) return [cert];
  return [
    `**Single Sign-On URL**: ${c.output(o.ssoUrl)}`,
    `**Identity Provider Entity ID**: ${c.output(o.entityId)}`,
    cert,
  ];
}

function fingerprintSteps(c: Context): string[] {
  const o = c.input.outputs;
  const env = c.d.environment;
  const held = c.idp.fingerprintOutput
    ? `${c.output(o.certificateSha256)} prints the fingerprint of the certificate Databricks now holds.`
    : `\`terraform output -raw ${o.certificatePem} | npx sso fingerprint\` prints the fingerprint of the ` +
      'certificate Databricks now holds.';
  const pem = c.idp.fingerprintOutput
    ? ''
    : `With \`${env}-idp.pem\` saved by \`terraform output -raw ${o.certificatePem} > ${env}-idp.pem\`, s`;
  const compare =
    `${pem || 'S'}ave the current metadata (${c.idp.metadataExport}) as \`${env}-metadata.xml\`, and the ` +
    'x.509 certificate the account console now shows (Settings > Authentication > Single sign-on) as ' +
    `\`${env}-console.pem\`, and run \`npx sso diagnose saml_invalid_signature_error --env ${env} ` +
    `--metadata ${env}-metadata.xml${c.idp.fingerprintOutput ? '' : ` --certificate ${env}-idp.pem`} ` +
    `--console-certificate ${env}-console.pem\`: its console-certificate check must pass (the IdP signs ` +
    'with the certificate the console holds). The certificate from `terraform output` only proves what ' +
    'was deployed, not what the console holds.';
  return [held, compare];
}

function testLogin(c: Context): string {
  const [group, workspace] = sampleAccess(c.d);
  const url = workspace === undefined ? undefined : c.d.databricks.workspaces[workspace]?.url;
  const partners = c.partners.flatMap((p) => {
    const [theirGroup, theirWorkspace] = sampleAccess(p);
    const theirUrl = theirWorkspace === undefined ? undefined : p.databricks.workspaces[theirWorkspace]?.url;
    return theirUrl === undefined
      ? []
      : [
          `${p.environment} (${theirUrl}${theirGroup === undefined ? '' : `, as a member of \`${theirGroup}\``})`,
        ];
  });
  return (
    'Test a login in a private browser window as an ordinary user' +
    (group === undefined ? '' : ` of the group \`${group}\``) +
    (url === undefined ? '' : `: open ${url} (${workspace})`) +
    ', sign in through the identity provider, and check that the workspace opens.' +
    (partners.length === 0
      ? ''
      : ` The account's other environments sign in through the same settings: test ${partners.join(' and ')} too.`)
  );
}

/** A group and workspace an ordinary user reaches: the test login should not need an admin. */
function sampleAccess(d: Declaration): [string | undefined, string | undefined] {
  const groups = Object.entries(d.groups).sort(([a], [b]) => a.localeCompare(b));
  const ordinary = groups.find(([, g]) => !g.privileged && Object.keys(g.workspaces).length > 0) ?? groups[0];
  if (ordinary === undefined) return [undefined, undefined];
  return [ordinary[0], Object.keys(ordinary[1].workspaces).sort()[0]];
}

function numbered(steps: readonly string[], from = 1): string[] {
  return steps.map((step, i) => `${from + i}. ${step}`);
}

function initialRunbook(c: Context): string[] {
  const d = c.d;
  const o = c.input.outputs;
  // The owner of a shared account signs in and provisions the groups of all its environments.
  const groups = accountGroups(d, c.input.declarations);
  const scimGroups = Object.entries(groups)
    .filter(([, g]) => g.source === 'scim')
    .map(([name]) => `\`${name}\``)
    .sort();
  const idpApp = c.idp.managedByTerraform
    ? `\`npx cdktf deploy ${d.environment}\` creates ${c.idp.app} at ${c.idp.name}, assigned to the groups ` +
      `${Object.keys(groups)
        .sort()
        .map((g) => `\`${g}\``)
        .join(', ')}, and prints the values below as outputs.`
    : `Create ${c.idp.app} by hand (Terraform only reads its metadata): SAML 2.0, ACS / Recipient / ` +
      `Destination / Audience = \`${c.redirectUrl}\`, NameID = the user's email address, response and ` +
      `assertion signed with RSA-SHA256; export its metadata to the declared file, then run ` +
      `\`npx cdktf deploy ${d.environment}\`.`;
  const steps = [
    emergencyAccess(c, true),
    secondWindow(c),
    idpApp,
    'Account console > Settings > Authentication > Manage > **Single sign-on with my identity provider** > ' +
      'Continue > Identity protocol **SAML 2.0**.',
    `Check that the **Databricks Redirect URL** shown is exactly \`${c.redirectUrl}\` ` +
      `(${c.output(o.redirectUrl)}); if it differs, stop, fix \`databricks.redirectUrl\` in the declaration ` +
      'and deploy again: the IdP app posts to this URL.',
    ...pasteValues(c, false).map((v) => `Paste ${v}.`),
    '**Test SSO**, and sign in at the identity provider when asked.',
    '**Enable SSO**. From now on every account user signs in through the identity provider.',
    testLogin(c),
    ...fingerprintSteps(c),
  ];
  const unified = [
    'Account console > Settings > Authentication > **Unified login**: enable it for all workspaces, or at ' +
      `least for ${[d, ...c.partners]
        .flatMap((e) => Object.keys(e.databricks.workspaces))
        .sort()
        .map((w) => `\`${w}\``)
        .join(', ')}, so they use this SSO configuration (accounts created after 2023-06-21 have it on).`,
  ];
  const scim = [
    'Account console > Settings > User provisioning > **Set up user provisioning**: copy the SCIM URL and the ' +
      'token. The token is a secret: paste it straight into the identity provider, never into the repository, ' +
      'a ticket or a chat.',
    scimSetup(c),
    scimGroups.length === 0
      ? 'No group is declared `source: scim`: every mapped group is created by Terraform.'
      : `Push these groups (declared \`source: scim\`: Terraform looks them up, never creates them): ${scimGroups.join(', ')}.`,
    `Run \`npx cdktf diff ${d.environment}\`: the groups' \`data.databricks_group\` lookups succeed once they ` +
      'have arrived in the account.',
  ];
  return [
    ...header(c, 'Set up SAML single sign-on'),
    'Databricks has no API for its SAML settings: these steps are manual. The plan shows ' +
      '`terraform_data.databricks_sso_settings` changing whenever they are due again.',
    '',
    '## Before you start',
    '',
    ...numbered(steps.slice(0, 3)),
    '',
    '## Configure SAML 2.0 in the account console',
    '',
    ...numbered(steps.slice(3), 4),
    '',
    '## Unified login',
    '',
    ...numbered(unified, steps.length + 1),
    '',
    '## SCIM provisioning',
    '',
    ...numbered(scim, steps.length + unified.length + 1),
  ];
}

function scimSetup(c: Context): string {
  switch (c.idp.kind) {
    case 'okta':
      return (
        `In ${c.idp.app}: Provisioning > Configure API Integration with the SCIM URL and token, then enable ` +
        'Create Users, Update User Attributes and Deactivate Users (okta/okta 4.20.0 has no resource for an ' +
        "app's provisioning connection, so this stays a console step)."
      );
    case 'entra':
      return `In ${c.idp.app}: Provisioning > Automatic, Tenant URL = the SCIM URL, Secret Token = the token; test the connection and start provisioning.`;
    default:
      return `In ${c.idp.name}: configure its SCIM 2.0 provisioning to the SCIM URL with the token.`;
  }
}

function rotationRunbook(c: Context): string[] {
  const d = c.d;
  // Environments of the same account cannot rehearse its key: the leader is the first one elsewhere.
  const leaderName = rehearsalEnvironment(d, c.input.declarations);
  const leader = c.input.declarations.find((other) => other.environment === leaderName);
  const leaderKey = leader?.signingKey;
  const followers = c.input.declarations.filter(
    (other) =>
      other.promotesAfter === d.environment && other.signingKey !== undefined && !c.partners.includes(other),
  );
  const lead = d.rotation.leadDays;
  // Promotion compares generation names: the follower must take the exact name its leader carried.
  const leaderMoved = leaderKey !== undefined && leaderKey.generation !== c.key.generation;
  const newGeneration = leaderMoved
    ? leaderKey.generation
    : suggestedGeneration(c.key.nextRotation.date, c.key.generation);
  const earliest = leaderMoved ? formatDay(parseDay(leaderKey.issued, 'issued') + lead) : undefined;

  const order: string[] = [];
  if (leader !== undefined && leaderKey !== undefined) {
    order.push(
      leaderMoved
        ? `${leader.environment} has carried generation \`${leaderKey.generation}\` since ${leaderKey.issued}: ` +
            `${d.environment} takes the same generation name on or after **${earliest}** (${lead} days' lead).`
        : `**Rotate ${leader.environment} first** (\`npx sso runbook --env ${leader.environment} --change rotation\`): ` +
            `${d.environment} follows with the same generation name ${lead} days later at the earliest.`,
    );
  }
  if (c.partners.length > 0) {
    const names = c.partners.map((p) => p.environment).join(', ');
    order.push(
      `${names} sign${c.partners.length === 1 ? 's' : ''} in with this key (one shared account): ` +
        `${c.partners.length === 1 ? 'it moves' : 'they move'} at the same moment as ${d.environment}, with nothing ` +
        `to rotate of ${c.partners.length === 1 ? 'its' : 'their'} own; ` +
        (leader === undefined
          ? 'no environment in another account carries the key first, so this rotation **cannot be staged**: ' +
            'keep the change window short and the emergency-access users at hand.'
          : `${leader.environment}, in another account, is the rehearsal.`),
    );
  }
  const planned = c.key.nextRotation;
  for (const f of followers) {
    order.push(
      `${f.environment} follows ${f.rotation.leadDays} days after this change at the earliest, with the same ` +
        `generation name (\`npx sso runbook --env ${f.environment} --change rotation\`).`,
    );
  }
  order.push(
    planned.late
      ? `This change is **late**: ${
          c.key.status === 'overdue'
            ? `the key has been overdue since ${c.key.rotateBy}`
            : `the lead does not fit before the key's rotate-by date ${c.key.rotateBy}, from which it is overdue`
        }${d.tier === 'production' ? ` (deploys of ${d.environment} are blocked while it is)` : ''}. ` +
          `Next legal step: ${nextRotationStep(keyGenerations(c.input.declarations), d.environment, c.input.at)}.`
      : `This change is planned for ${planned.date}, inside the warning window and before the rotate-by date ` +
          `${c.key.rotateBy} (from which the key is overdue${d.tier === 'production' ? ` and deploys of ${d.environment} are blocked` : ''}). ` +
          '`npx sso rotation` shows the whole wave.',
  );

  const prepare = [
    emergencyAccess(c, false),
    secondWindow(c),
    `In the ${d.environment} declaration set \`signingKey.generation: "${newGeneration}"\`` +
      (leader !== undefined && !leaderMoved ? ` (or whatever name ${leader.environment} takes)` : '') +
      ' and ' +
      '`signingKey.issued` to the day of the change window (YYYY-MM-DD, UTC; SSO-007 refuses a day still ' +
      'to come, so set it on the day you merge and deploy). Open a pull request; ' +
      `\`npx cdktf diff ${d.environment}\` must show ${changedResources(c)} and ` +
      '`terraform_data.databricks_sso_settings` replaced (the console step), nothing else.',
    'Merge when approved, and book the change window with the people who can reach the account console.',
  ];
  const window = rotationWindow(c);
  const after = [
    testLogin(c),
    ...fingerprintSteps(c),
    `\`npx sso rotation\` now shows ${d.environment} \`ok\` with generation \`${newGeneration}\`.`,
  ];
  return [
    ...header(c, 'Rotate the SAML signing certificate'),
    `Databricks holds exactly one IdP certificate and has no API to change it. ${activation(c)} From then ` +
      `until the new certificate is saved in the account console, **new sign-ins to ${[d, ...c.partners].map((e) => e.environment).join(' and ')} fail** ` +
      '(`saml_invalid_signature_error`). With the console step straight after the apply, as below, that ' +
      `window is expected to last **${EXPECTED_FAILED_LOGIN_WINDOW}**; book 15 minutes outside peak hours.`,
    '',
    '## Order of environments',
    '',
    ...order.map((line) => `- ${line}`),
    '',
    '## Prepare (no impact)',
    '',
    ...numbered(prepare),
    '',
    `## Change window (sign-ins fail for about ${EXPECTED_FAILED_LOGIN_WINDOW})`,
    '',
    ...numbered(window, prepare.length + 1),
    '',
    '## Verify',
    '',
    ...numbered(after, prepare.length + window.length + 1),
    '',
    '## If sign-ins still fail',
    '',
    `- Stay in the second console window; the emergency-access users can sign in with password and security key.`,
    `- Run \`npx sso diagnose <error code> --env ${d.environment} --metadata <metadata.xml>\` with the code ` +
      'from the failed login.',
    `- ${rollback(c)}`,
  ];
}

function changedResources(c: Context): string {
  switch (c.idp.kind) {
    case 'okta':
      return '`okta_app_saml.databricks` updated in place (`key_name`)';
    case 'entra':
      return 'a new `azuread_service_principal_token_signing_certificate`';
    default:
      return 'the new certificate in the SSO outputs';
  }
}

function activation(c: Context): string {
  switch (c.idp.kind) {
    case 'okta':
      return 'Okta generates the new key and signs with it the moment the apply updates `okta_app_saml.databricks` (there is no overlap).';
    case 'entra':
      return 'Entra ID signs with the new certificate from the moment it is made active.';
    default:
      return 'The identity provider signs with the new certificate from the moment it becomes its primary one.';
  }
}

/** The steps between the first failing sign-in and the last, kept back to back. */
function rotationWindow(c: Context): string[] {
  const d = c.d;
  const pem = `\`terraform output -raw ${c.input.outputs.certificatePem} > ${d.environment}-idp.pem\``;
  const consoleSteps = [
    `In the console window, at Settings > Authentication > single sign-on: **Disable SSO**, replace the ` +
      `**x.509 certificate** with the content of \`${d.environment}-idp.pem\` (BEGIN and END lines ` +
      'included). Leave the SSO URL and entity ID as they are: a key rotation does not change them.',
    '**Test SSO**; when it passes, **Enable SSO**. The failed-login window ends here.',
  ];
  switch (c.idp.kind) {
    case 'okta':
      return [
        `\`npx cdktf deploy ${d.environment}\`. The window starts when \`okta_app_saml.databricks\` is updated.`,
        `At once, in \`${c.stackDir}\`: ${pem}.`,
        ...consoleSteps,
      ];
    case 'entra':
      return [
        `\`npx cdktf deploy ${d.environment}\` adds the new signing certificate (inactive unless ` +
          '`activateCertificate` is on, in which case the window starts here).',
        `In \`${c.stackDir}\`: ${pem}.`,
        `Make the new certificate active: ${c.idp.appSettings} > SAML Certificates > Make certificate active ` +
          '(or the Graph PATCH of `preferredTokenSigningKeyThumbprint`). The window starts here.',
        ...consoleSteps,
      ];
    default:
      return [
        'At the identity provider, add the new signing certificate without making it primary yet, and export ' +
          'its metadata over the declared metadata file.',
        `\`npx cdktf deploy ${d.environment}\` (no change at the identity provider), then in \`${c.stackDir}\`: ${pem}.`,
        `Make the new certificate primary in ${c.idp.appSettings}. The window starts here.`,
        ...consoleSteps,
      ];
  }
}

function rollback(c: Context): string {
  switch (c.idp.kind) {
    case 'okta':
      return (
        'There is no way back to the old key: Okta generates a fresh key for every `key_name`, an old name ' +
        'included. Fix forward: export the certificate again and paste it, then Test SSO and Enable SSO.'
      );
    case 'entra':
      return (
        'Fix forward: export the certificate again and paste it, then Test SSO and Enable SSO; check in ' +
        `${c.idp.appSettings} > SAML Certificates that the new certificate is the active one.`
      );
    default:
      return 'Make the previous certificate primary again at the identity provider while you fix the console.';
  }
}
