import * as fs from 'fs';
import * as path from 'path';
import { SSO_OUTPUTS } from '../../constructs/databricks-sso-settings';
import type { Declaration } from '../../core/declaration/schema';
import { localStatePath } from '../../core/declaration/shards';
import { validateDeclarations } from '../../core/declaration/validate';
import { SynthesizedStack } from '../../core/diagnose/stack';
import { describeValue, ValidationError } from '../../core/errors';
import { readPemCertificate } from '../../core/metadata/certificate';
import { checkResponse, type CheckerConfig } from '../../core/saml/checks';
import { MAX_INPUT_BYTES, readResponseInput } from '../../core/saml/input';
import { prettyXml, renderVerdict, verdictJson } from '../../core/saml/render';
import { MAX_CERTIFICATE_BYTES, readSmallFile } from '../files';
import { stringListOption, stringOption, UsageError, type ParsedArgs } from '../command';
import { declarationSources } from '../declarations';
import { EXIT_REJECTED } from '../report';
import { synthesizedStack } from './diagnose';

/**
 * `sso diagnose --saml-response FILE`: judges a captured login against what Databricks holds for
 * the environment. Prints no assertion or signature value unless --show-xml asks for the XML.
 */
export function diagnoseResponse(args: ParsedArgs): number {
  const file = stringOption(args, 'saml-response') as string;
  const env = stringOption(args, 'env');
  const sources = declarationSources(stringListOption(args, 'declaration'));
  let declaration: Declaration | undefined;
  if (env !== undefined) {
    const declarations = validateDeclarations(sources);
    declaration = declarations.find((d) => d.environment === env);
    if (declaration === undefined) {
      throw new UsageError(
        `--env must be one of ${declarations.map((d) => d.environment).join(', ')}, got ${JSON.stringify(env)}`,
      );
    }
  }
  const redirectUrl: string | undefined = declaration?.databricks.redirectUrl;
  if (declaration !== undefined && redirectUrl === undefined) {
    throw new ValidationError(
      `${declaration.environment}: databricks.cloud`,
      describeValue(declaration.databricks.cloud),
      'an environment with SAML single sign-on (Azure Databricks signs in through Entra ID natively)',
    );
  }
  const source = file === '-' ? 'standard input' : file;
  const input = readResponseInput(readInput(file), source, redirectUrl);
  const at = clock(stringOption(args, 'at'), input.postedAt);
  const outDir = stringOption(args, 'out') ?? 'cdktf.out';
  const known = declaration === undefined ? undefined : knownSettings(sources, declaration, outDir);
  const certificateFile = stringOption(args, 'certificate');
  const certificate =
    certificateFile !== undefined
      ? {
          pem: pemOf(
            readSmallFile(
              certificateFile,
              `--certificate ${certificateFile}`,
              'PEM certificate file',
              MAX_CERTIFICATE_BYTES,
            ).toString('utf8'),
            `--certificate ${certificateFile}`,
          ),
          source: `--certificate ${certificateFile}`,
        }
      : known?.certificate;
  const entityIdOption = stringOption(args, 'entity-id');
  const entityId =
    entityIdOption !== undefined ? { value: entityIdOption, source: '--entity-id' } : known?.entityId;
  const config: CheckerConfig = {
    ...(redirectUrl !== undefined ? { redirectUrl } : {}),
    ...(entityId !== undefined ? { entityId } : {}),
    ...(certificate !== undefined ? { certificate } : {}),
    at: at.at,
    atSource: at.source,
    ...(declaration !== undefined
      ? {
          attributes: declaration.assertion.attributes,
          groups: Object.fromEntries(
            Object.entries(declaration.groups).map(([name, g]) => [name, g.workspaces]),
          ),
        }
      : {}),
    ...(known?.groupAliases !== undefined ? { groupAliases: known.groupAliases } : {}),
  };
  const verdict = checkResponse(input.xml, config);
  const context = {
    origin: input.origin,
    ...(env !== undefined ? { environment: env } : {}),
    ...(input.observedError !== undefined ? { observedError: input.observedError } : {}),
  };
  process.stdout.write(
    args.values.json === true
      ? `${JSON.stringify(verdictJson(verdict, context), null, 2)}\n`
      : renderVerdict(verdict, context),
  );
  if (args.values['show-xml'] === true && verdict.checks[0]?.status === 'passed') {
    process.stdout.write(`\n${prettyXml(input.xml)}`);
  }
  return verdict.accepted ? 0 : EXIT_REJECTED;
}

function readInput(file: string): Buffer {
  if (file !== '-')
    return readSmallFile(file, `--saml-response ${file}`, 'HAR or SAML response file', MAX_INPUT_BYTES);
  const chunks: Buffer[] = [];
  let size = 0;
  const chunk = Buffer.alloc(64 * 1024);
  for (;;) {
    let read: number;
    try {
      read = fs.readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((error as NodeJS.ErrnoException).code === 'EOF') break;
      throw error;
    }
    if (read === 0) break;
    size += read;
    if (size > MAX_INPUT_BYTES) {
      throw new ValidationError(
        '--saml-response -',
        `more than ${MAX_INPUT_BYTES} bytes`,
        `a HAR or SAML response of at most ${MAX_INPUT_BYTES} bytes`,
      );
    }
    chunks.push(Buffer.from(chunk.subarray(0, read)));
  }
  return Buffer.concat(chunks);
}

/** --at (an ISO date-time, or a day), else when the browser posted it (HAR), else now. */
function clock(value: string | undefined, postedAt: Date | undefined): { at: Date; source: string } {
  if (value !== undefined) {
    const parsed = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)
      ? new Date(value)
      : undefined;
    if (parsed === undefined || Number.isNaN(parsed.getTime())) {
      throw new UsageError(
        `--at must be an ISO time (2026-11-25T10:00:00Z) or a day, got ${JSON.stringify(value)}`,
      );
    }
    return { at: parsed, source: '--at' };
  }
  if (postedAt !== undefined) return { at: postedAt, source: 'when the browser posted it, from the HAR' };
  return { at: new Date(), source: 'now; pass --at with the moment of the login for an older capture' };
}

function pemOf(text: string, field: string): string {
  const facts = readPemCertificate(text, field);
  return `-----BEGIN CERTIFICATE-----\n${facts.base64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
}

interface KnownSettings {
  readonly entityId?: { value: string; source: string };
  readonly certificate?: { pem: string; source: string };
  readonly groupAliases?: ReadonlyMap<string, string>;
}

/**
 * What Databricks was handed for the environment: literal outputs of the synthesized stack
 * (Entra, metadata IdPs), else the outputs of a local state next to it (Okta after a deploy).
 */
function knownSettings(
  sources: Parameters<typeof synthesizedStack>[0],
  declaration: Declaration,
  outDir: string,
): KnownSettings {
  const synthesized = synthesizedStack(sources, declaration, outDir);
  const stack = new SynthesizedStack(synthesized.json);
  const state = readState(declaration, outDir);
  const literalEntityId = stack.literalOutput(SSO_OUTPUTS.entityId);
  const stateEntityId = state?.outputs[SSO_OUTPUTS.entityId];
  const certificateExpression = (synthesized.json as { output?: Record<string, { value?: unknown }> })
    .output?.[SSO_OUTPUTS.certificatePem]?.value;
  const embedded =
    typeof certificateExpression === 'string'
      ? /"(MII[A-Za-z0-9+/=]{100,})"/.exec(certificateExpression)?.[1]
      : undefined;
  const stateCertificate = state?.outputs[SSO_OUTPUTS.certificatePem];
  return {
    ...(literalEntityId !== undefined
      ? {
          entityId: {
            value: literalEntityId,
            source: `${synthesized.source}, output ${SSO_OUTPUTS.entityId}`,
          },
        }
      : typeof stateEntityId === 'string'
        ? { entityId: { value: stateEntityId, source: `${state?.file} (output ${SSO_OUTPUTS.entityId})` } }
        : {}),
    ...(embedded !== undefined
      ? {
          certificate: {
            pem: pemOf(embedded, synthesized.source),
            source: `${synthesized.source}, output ${SSO_OUTPUTS.certificatePem} (from the IdP's metadata)`,
          },
        }
      : typeof stateCertificate === 'string'
        ? {
            certificate: {
              pem: pemOf(stateCertificate, `${state?.file}`),
              source: `${state?.file} (output ${SSO_OUTPUTS.certificatePem}): what was deployed, not necessarily what the console holds`,
            },
          }
        : {}),
    ...(state !== undefined && state.groupAliases.size > 0 ? { groupAliases: state.groupAliases } : {}),
  };
}

/**
 * The outputs and Entra group object IDs of a local state beside the synthesized stack. Nothing else
 * is read from it: state also holds values that must never be printed.
 */
function readState(
  declaration: Declaration,
  outDir: string,
): { file: string; outputs: Record<string, unknown>; groupAliases: Map<string, string> } | undefined {
  if (declaration.backend.type !== 'local') return undefined;
  const file = path.resolve(
    outDir,
    'stacks',
    declaration.environment,
    localStatePath(declaration.backend.path, declaration.environment),
  );
  if (!fs.existsSync(file)) return undefined;
  let state: {
    outputs?: Record<string, { value?: unknown }>;
    resources?: {
      mode?: string;
      type?: string;
      instances?: { index_key?: unknown; attributes?: { object_id?: unknown } }[];
    }[];
  };
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new ValidationError(file, 'text that is not JSON', 'a Terraform state file');
  }
  const outputs = Object.fromEntries(
    [SSO_OUTPUTS.entityId, SSO_OUTPUTS.certificatePem].map((name) => [name, state.outputs?.[name]?.value]),
  );
  const groupAliases = new Map<string, string>();
  for (const resource of state.resources ?? []) {
    if (resource.mode !== 'data' || resource.type !== 'azuread_group') continue;
    for (const instance of resource.instances ?? []) {
      const id = instance.attributes?.object_id;
      if (typeof id === 'string' && typeof instance.index_key === 'string')
        groupAliases.set(id, instance.index_key);
    }
  }
  return { file, outputs, groupAliases };
}
