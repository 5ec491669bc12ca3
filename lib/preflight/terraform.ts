import { spawn, spawnSync } from 'child_process';

/** A diagnostic in Terraform's own words, with the address it names when it names one. */
export interface TerraformDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly address?: string;
}

export interface TerraformResult {
  readonly code: number | null;
  /** Lines of Terraform's machine-readable (`-json`) output, parsed. */
  readonly messages: readonly Record<string, unknown>[];
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** The oldest Terraform that runs what this project writes: check blocks arrived in 1.5. */
const MINIMUM = [1, 5, 0] as const;

/**
 * The version of `terraform` on PATH, or why it cannot be used.
 * @returns the version, or a sentence saying what is missing
 */
export function findTerraform(): { version: string } | { problem: string } {
  const result = spawnSync('terraform', ['version', '-json'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (result.error !== undefined || result.status !== 0) {
    return {
      problem: 'terraform (>= 1.5) is not on PATH: install it from your package manager or hashicorp.com',
    };
  }
  let version: string;
  try {
    version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return { problem: `\`terraform version -json\` printed no version: ${result.stdout.slice(0, 200)}` };
  }
  const parts = version.split(/[.-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < MINIMUM.length; i += 1) {
    const have = parts[i] ?? 0;
    const need = MINIMUM[i] ?? 0;
    if (have > need) break;
    if (have < need)
      return { problem: `terraform ${version} is too old: check blocks need terraform >= 1.5` };
  }
  return { version };
}

/**
 * Runs terraform in `cwd` and collects its `-json` lines. The process gets its own process group
 * so that a time-out ends Terraform and the provider processes it started, together.
 */
export function runTerraform(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args], {
      cwd,
      env: { ...passedThrough(), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    // An interrupted run must not leave Terraform (and its providers) behind.
    process.once('exit', kill);
    child.on('error', (error) => {
      clearTimeout(timer);
      process.off('exit', kill);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      process.off('exit', kill);
      resolve({ code, messages: jsonLines(stdout), stdout, stderr, timedOut });
    });
  });
}

/** `-json` output: one message per line (init, plan, apply), or one document (validate, show). */
/**
 * The environment Terraform runs with in preflight: what it needs to run, nothing else. Stand-ins
 * need no credentials, so provider tokens and TF_VAR_ secrets of the caller's shell never reach
 * the scratch runs, their plans or their diagnostics.
 */
function passedThrough(): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(PATH|HOME|TMPDIR|TMP|TEMP|LANG|LC_[A-Z]+|TZ|TF_LOG|TF_LOG_PATH|SSO_STANDIN_LOG)$/.test(name)) {
      kept[name] = value;
    }
  }
  return kept;
}

function jsonLines(text: string): Record<string, unknown>[] {
  try {
    const document = JSON.parse(text) as unknown;
    if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
      return [document as Record<string, unknown>];
    }
  } catch {
    // Not one document: read it line by line.
  }
  const messages: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      messages.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // Not one of Terraform's JSON lines; the raw output is kept for errors.
    }
  }
  return messages;
}

interface RawDiagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  address?: string;
  snippet?: { context?: string | null };
}

/** Terraform's diagnostic as reported: its summary and detail, and the address it concerns. */
export function toDiagnostic(raw: RawDiagnostic): TerraformDiagnostic {
  const address =
    raw.address ?? addressFromContext(raw.snippet?.context ?? undefined) ?? addressFromDetail(raw.detail);
  return {
    severity: raw.severity === 'warning' ? 'warning' : 'error',
    summary: raw.summary ?? '',
    detail: raw.detail ?? '',
    ...(address !== undefined ? { address } : {}),
  };
}

/** `resource.okta_app_saml.databricks` in a JSON configuration's snippet context -> its address. */
function addressFromContext(context: string | undefined): string | undefined {
  const match = /^(resource|data)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/.exec(context ?? '');
  if (!match) return undefined;
  return match[1] === 'data' ? `data.${match[2]}.${match[3]}` : `${match[2]}.${match[3]}`;
}

/** Some plan errors name the instance only in their detail ("Resource x.y["k"] has lifecycle..."). */
function addressFromDetail(detail: string | undefined): string | undefined {
  return /^Resource ((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?) /.exec(detail ?? '')?.[1];
}

/** The diagnostics in a `-json` run (streamed lines of init/plan/apply, or validate's document). */
export function diagnosticsOf(result: TerraformResult): TerraformDiagnostic[] {
  const found: TerraformDiagnostic[] = [];
  for (const message of result.messages) {
    if (message.type === 'diagnostic' && message.diagnostic) {
      found.push(toDiagnostic(message.diagnostic as RawDiagnostic));
    } else if (Array.isArray(message.diagnostics)) {
      found.push(...(message.diagnostics as RawDiagnostic[]).map(toDiagnostic));
    }
  }
  // A failure Terraform did not report as JSON (a crash, a refused CLI configuration).
  if (found.every((d) => d.severity !== 'error') && result.code !== 0) {
    found.push({
      severity: 'error',
      summary: result.timedOut ? 'Terraform did not finish in time' : firstErrorLine(result),
      detail: result.timedOut ? '' : result.stderr.trim().slice(0, 2000),
    });
  }
  return found;
}

function firstErrorLine(result: TerraformResult): string {
  const text = `${result.stderr}\n${result.stdout}`;
  const line = /Error: (.*)/.exec(text);
  return line?.[1]?.trim() ?? `terraform exited with code ${String(result.code)}`;
}
