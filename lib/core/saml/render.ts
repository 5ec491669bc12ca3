import { SaxesParser } from 'saxes';
import { errorCodeAdvice, type ResponseVerdict } from './checks';
import type { LoginTestResult } from './login-test';

const MARK = { passed: 'passed', failed: 'FAILED', 'cannot-check': 'cannot check' } as const;

export interface VerdictContext {
  /** Which input was read (`HAR entry 3 of 12: ...`). */
  readonly origin: string;
  readonly environment?: string;
  /** The error code Databricks answered with, when the input shows it. */
  readonly observedError?: string;
}

/** The report of `sso diagnose --saml-response`: the verdict, each check, the user, the fix. Never the assertion itself. */
export function renderVerdict(verdict: ResponseVerdict, context: VerdictContext): string {
  const env = context.environment;
  const lines = [
    `# SAML response${env === undefined ? '' : ` for ${env}`}: ${verdict.accepted ? 'accepted' : 'NOT accepted'}`,
    '',
    `Read from ${context.origin}.`,
  ];
  if (verdict.errorCode !== null) {
    const advice = errorCodeAdvice(verdict.errorCode, env);
    lines.push('', `Databricks would answer **${verdict.errorCode}**: ${advice.meaning}`);
  } else if (!verdict.accepted) {
    lines.push('', 'No check failed, but some could not be made: the verdict is open until they can.');
  }
  if (context.observedError !== undefined) {
    const agrees =
      context.observedError === verdict.errorCode
        ? 'the same code'
        : `this report predicts ${verdict.errorCode ?? 'none'}`;
    lines.push('', `The capture shows Databricks answered ${context.observedError} (${agrees}).`);
  }
  lines.push('', '## Checks', '');
  for (const check of verdict.checks) {
    lines.push(`- **${MARK[check.status]}**: ${check.id}: ${check.detail}`);
    if (check.status === 'cannot-check' && check.fix !== undefined)
      lines.push(`  - to check it: ${check.fix}`);
  }
  const u = verdict.user;
  lines.push(
    '',
    '## User',
    '',
    `- NameID: ${u.nameId ?? 'none'}; email attribute: ${u.email ?? 'none'}`,
    `- groups sent: ${u.groups.join(', ') || 'none'}; mapped: ${u.mappedGroups.join(', ') || 'none'}`,
    `- access: ${
      Object.entries(u.access)
        .map(([w, p]) => `${w} ${p}`)
        .join(', ') || 'no workspace'
    }`,
  );
  const fixes = [
    ...new Set(
      verdict.checks
        .filter((c) => c.status === 'failed' && c.fix !== undefined)
        .map((c) => (c.fix as string).replace(/<env>/g, env ?? 'ENV')),
    ),
  ];
  if (verdict.errorCode !== null) fixes.push(errorCodeAdvice(verdict.errorCode, env).nextStep);
  if (fixes.length > 0) {
    lines.push('', '## Next step', '', ...fixes.map((fix, i) => `${i + 1}. ${fix}`));
    if (verdict.errorCode !== null && env !== undefined) {
      lines.push('', `The configuration side: \`npx sso diagnose ${verdict.errorCode} --env ${env}\`.`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `--json`: `{"accepted", "errorCode", "checks": [{"id", "status", "detail"}], "user", "input"}`. */
export function verdictJson(verdict: ResponseVerdict, context: VerdictContext): unknown {
  return {
    accepted: verdict.accepted,
    errorCode: verdict.errorCode,
    checks: verdict.checks.map(({ id, status, detail }) => ({ id, status, detail })),
    user: verdict.user,
    input: {
      origin: context.origin,
      ...(context.observedError !== undefined ? { observedError: context.observedError } : {}),
    },
  };
}

/** `sso test-login`: one section per environment, what was assumed, each check that did not pass. */
export function renderLoginTests(results: readonly LoginTestResult[], skipped: readonly string[]): string {
  const lines = ['# Offline test login', ''];
  for (const r of results) {
    lines.push(
      `## ${r.environment} (${r.idp}): ${r.accepted ? 'login works' : `login FAILS${r.errorCode === null ? '' : `: ${r.errorCode}`}`}`,
      '',
    );
    const notPassed = r.checks.filter((c) => c.status !== 'passed');
    lines.push(`${r.checks.length - notPassed.length} of ${r.checks.length} checks passed.`);
    const access = Object.entries(r.user.access).map(([w, p]) => `${w} ${p}`);
    lines.push(
      `The test user (NameID ${r.user.nameId ?? 'none'}, groups sent: ${r.user.groups.join(', ') || 'none'}) ` +
        `${access.length > 0 ? `gets ${access.join(', ')}` : 'gets no workspace from the declaration'}.`,
    );
    for (const c of notPassed) lines.push(`- **${MARK[c.status]}**: ${c.id}: ${c.detail}`);
    const fixes = [
      ...new Set(
        notPassed
          .filter((c) => c.status === 'failed' && c.fix !== undefined)
          .map((c) => (c.fix as string).replace(/<env>/g, r.environment)),
      ),
    ];
    if (fixes.length > 0) lines.push('', 'Fix:', ...fixes.map((f) => `- ${f}`));
    lines.push('', 'Assumed:', ...r.assumptions.map((a) => `- ${a}`), '');
  }
  for (const s of skipped)
    lines.push(
      `${s}: skipped (its stack holds no SAML sign-in: Azure Databricks, or an account whose SSO another environment's stack holds)`,
    );
  return `${lines.join('\n').trimEnd()}\n`;
}

export function loginTestsJson(results: readonly LoginTestResult[]): unknown {
  return {
    environments: results.map((r) => ({
      environment: r.environment,
      accepted: r.accepted,
      errorCode: r.errorCode,
      checks: r.checks.map(({ id, status, detail }) => ({ id, status, detail })),
      assumptions: r.assumptions,
    })),
  };
}

/**
 * The response indented for reading (`--show-xml`). Only called on XML the hardened reader
 * accepted, so this parser meets no DTD.
 */
export function prettyXml(xml: string): string {
  const parser = new SaxesParser();
  const out: string[] = [];
  let depth = 0;
  let pendingText = '';
  let openTag: string | undefined;
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const flushOpen = (selfClosing: boolean) => {
    if (openTag === undefined) return;
    out.push(`${'  '.repeat(depth - 1)}${openTag}${selfClosing ? '/>' : '>'}`);
    openTag = undefined;
  };
  parser.on('opentag', (tag) => {
    if (openTag !== undefined) flushOpen(false);
    const attributes = Object.entries(tag.attributes)
      .map(([name, value]) => ` ${name}="${escape(String(value)).replace(/"/g, '&quot;')}"`)
      .join('');
    openTag = `<${tag.name}${attributes}`;
    pendingText = '';
    depth++;
  });
  parser.on('text', (text) => {
    pendingText += text;
  });
  parser.on('closetag', (tag) => {
    const content = pendingText.trim();
    if (openTag !== undefined && content === '') {
      flushOpen(true);
    } else if (openTag !== undefined) {
      out.push(`${'  '.repeat(depth - 1)}${openTag}>${escape(content)}</${tag.name}>`);
      openTag = undefined;
    } else {
      out.push(`${'  '.repeat(depth - 1)}</${tag.name}>`);
    }
    pendingText = '';
    depth--;
  });
  parser.write(xml).close();
  return `${out.join('\n')}\n`;
}
