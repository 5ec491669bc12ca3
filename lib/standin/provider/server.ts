import * as fs from 'fs';
import * as grpc from '@grpc/grpc-js';
import type { ProviderSchemaFile, ResourceSchema, SchemaBlock } from '../schema/types';
import {
  applyResourceChange,
  importResourceState,
  planResourceChange,
  readDataSource,
  readResource,
  upgradeResourceState,
  validateConfig,
  type AttributePath,
  type Diagnostic,
} from './planner';
import { pluginServices } from './tfplugin6-proto';
import { serverCertificate } from './tls';
import { decodeObject, encodeObject, objectFromJson, type ObjectValue } from './values';

/*
 * A Terraform provider plugin served from a schema file: go-plugin's handshake (hashicorp/
 * go-plugin server.go), gRPC over mutual TLS, and tfplugin6 calls answered by the planner.
 */

/** go-plugin's handshake config for Terraform providers: a plugin run by anything else refuses. */
const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const PROTOCOL_VERSION = 6;
/** Appends one line per call to this file when set: which RPCs Terraform makes, for whom. */
const LOG_VARIABLE = 'SSO_STANDIN_LOG';

interface DynamicValueMessage {
  readonly msgpack?: Buffer;
  readonly json?: Buffer;
}

interface TypedRequest {
  readonly type_name: string;
}

interface DiagnosticMessage {
  readonly severity: 'ERROR' | 'WARNING';
  readonly summary: string;
  readonly detail: string;
  readonly attribute?: { readonly steps: readonly object[] };
}

type Response = { diagnostics?: DiagnosticMessage[] } & Record<string, unknown>;

/**
 * Serves the provider a schema file describes, as Terraform starts it: the process then runs
 * until Terraform shuts the plugin down or goes away.
 */
export function runPlugin(schemaFile: string | undefined): void {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(
      'This is a Terraform provider plugin (a stand-in served from a schema file): Terraform starts it, it is not run by hand.\n',
    );
    process.exit(1);
  }
  const offered = process.env['PLUGIN_PROTOCOL_VERSIONS'];
  if (offered && !offered.split(',').includes(String(PROTOCOL_VERSION))) {
    process.stderr.write(
      `Terraform offers plugin protocols ${offered}; this plugin speaks ${PROTOCOL_VERSION} only.\n`,
    );
    process.exit(1);
  }
  if (!schemaFile) {
    process.stderr.write('usage: main.js <schema.json>\n');
    process.exit(1);
  }
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as ProviderSchemaFile;
  startServer(schema, process.env['PLUGIN_CLIENT_CERT']).then(
    ({ port, certificateDer }) => {
      // go-plugin reads the certificate with RawStdEncoding: base64 without padding.
      const certificate = certificateDer ? certificateDer.toString('base64').replace(/=+$/, '') : '';
      process.stdout.write(`1|${PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc|${certificate}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`stand-in provider ${schema.address}: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

interface RunningServer {
  readonly port: number;
  /** The server's certificate, or undefined when serving without TLS (no client certificate). */
  readonly certificateDer: Buffer | undefined;
  readonly server: grpc.Server;
}

/**
 * Starts the gRPC server on a free port of 127.0.0.1: over TLS requiring the client certificate
 * when Terraform passed one (go-plugin's AutoMTLS), in plain text otherwise
 * (`TF_DISABLE_PLUGIN_TLS`). Exits the process when Terraform shuts the plugin down or dies.
 */
function startServer(
  schema: ProviderSchemaFile,
  clientCertificatePem: string | undefined,
): Promise<RunningServer> {
  const services = pluginServices();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': -1 });
  const exit = () => {
    server.forceShutdown();
    process.exit(0);
  };
  server.addService(services.provider, providerHandlers(schema, logger(schema.address)));
  server.addService(services.controller, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      callback(null, {});
      setImmediate(exit);
    },
  });
  watchParent(exit);
  // go-plugin servers ignore interrupts: Terraform forwards Ctrl-C to its plugins and then
  // stops them through the protocol, after finishing what must be finished.
  process.on('SIGINT', () => undefined);

  const certificate = clientCertificatePem ? serverCertificate() : undefined;
  const credentials = certificate
    ? grpc.ServerCredentials.createSsl(
        Buffer.from(clientCertificatePem ?? ''),
        [
          {
            private_key: Buffer.from(certificate.privateKeyPem),
            cert_chain: Buffer.from(certificate.certificatePem),
          },
        ],
        true,
      )
    : grpc.ServerCredentials.createInsecure();
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', credentials, (error, port) => {
      if (error) reject(error);
      else resolve({ port, certificateDer: certificate?.certificateDer, server });
    });
  });
}

/** A plugin whose Terraform was killed would otherwise run on: its parent changes when it dies. */
function watchParent(exit: () => void): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) exit();
  }, 500).unref();
}

function logger(address: string): (line: string) => void {
  const file = process.env[LOG_VARIABLE];
  if (!file) return () => undefined;
  return (line) => fs.appendFileSync(file, `${process.pid} ${address} ${line}\n`);
}

function providerHandlers(
  schema: ProviderSchemaFile,
  log: (line: string) => void,
): grpc.UntypedServiceImplementation {
  const provider = { version: 0, block: schema.provider };
  const names = {
    resources: Object.keys(schema.resources).map((type_name) => ({ type_name })),
    data_sources: Object.keys(schema.dataSources).map((type_name) => ({ type_name })),
  };
  // Terraform may cache the schema and skip GetProviderSchema in the other provider processes
  // of the same run; destroys are planned here too, as a provider declaring plan_destroy must.
  const server_capabilities = { plan_destroy: true, get_provider_schema_optional: true };
  let schemaResponse: Response | undefined;

  const resource = (typeName: string) => lookup(schema.resources, typeName, 'resource type');
  const dataSource = (typeName: string) => lookup(schema.dataSources, typeName, 'data source');

  return {
    GetMetadata: unary(log, 'GetMetadata', () => ({ server_capabilities, ...names })),
    GetProviderSchema: unary(log, 'GetProviderSchema', () => {
      schemaResponse ??= {
        provider: schemaMessage(provider),
        resource_schemas: mapValues(schema.resources, schemaMessage),
        data_source_schemas: mapValues(schema.dataSources, schemaMessage),
        server_capabilities,
      };
      return schemaResponse;
    }),
    GetFunctions: unary(log, 'GetFunctions', () => ({})),
    ValidateProviderConfig: unary(
      log,
      'ValidateProviderConfig',
      (request: { config?: DynamicValueMessage }) =>
        diagnosticsOf(validateConfig(provider, required(decode(request.config, provider.block), 'config'))),
    ),
    ConfigureProvider: unary(log, 'ConfigureProvider', () => ({})),
    ValidateResourceConfig: unary(
      log,
      'ValidateResourceConfig',
      (request: TypedRequest & { config?: DynamicValueMessage }) => {
        const type = resource(request.type_name);
        return diagnosticsOf(validateConfig(type, required(decode(request.config, type.block), 'config')));
      },
    ),
    ValidateDataResourceConfig: unary(
      log,
      'ValidateDataResourceConfig',
      (request: TypedRequest & { config?: DynamicValueMessage }) => {
        const type = dataSource(request.type_name);
        return diagnosticsOf(validateConfig(type, required(decode(request.config, type.block), 'config')));
      },
    ),
    UpgradeResourceState: unary(
      log,
      'UpgradeResourceState',
      (request: TypedRequest & { raw_state?: { json?: Buffer; flatmap?: Record<string, string> } }) => {
        const type = resource(request.type_name);
        const json = request.raw_state?.json;
        if (!json || json.length === 0) {
          throw new Error(
            'state in the flatmap format of Terraform 0.11 and older cannot be upgraded by a stand-in',
          );
        }
        return { upgraded_state: encoded(upgradeResourceState(type, json.toString('utf8')), type.block) };
      },
    ),
    ReadResource: unary(
      log,
      'ReadResource',
      (request: TypedRequest & { current_state?: DynamicValueMessage; private?: Buffer }) => {
        const type = resource(request.type_name);
        const state = readResource(type, request.type_name, decode(request.current_state, type.block));
        return { new_state: encoded(state, type.block), private: request.private };
      },
    ),
    PlanResourceChange: unary(
      log,
      'PlanResourceChange',
      (
        request: TypedRequest & {
          prior_state?: DynamicValueMessage;
          proposed_new_state?: DynamicValueMessage;
          config?: DynamicValueMessage;
          prior_private?: Buffer;
        },
      ) => {
        const type = resource(request.type_name);
        const plan = planResourceChange(type, {
          prior: decode(request.prior_state, type.block),
          proposed: decode(request.proposed_new_state, type.block),
          config: decode(request.config, type.block),
        });
        return {
          planned_state: encoded(plan.planned, type.block),
          requires_replace: plan.requiresReplace.map(pathMessage),
          planned_private: request.prior_private,
          legacy_type_system: plan.legacyTypeSystem,
        };
      },
    ),
    ApplyResourceChange: unary(
      log,
      'ApplyResourceChange',
      (
        request: TypedRequest & {
          prior_state?: DynamicValueMessage;
          planned_state?: DynamicValueMessage;
          config?: DynamicValueMessage;
          planned_private?: Buffer;
        },
      ) => {
        const type = resource(request.type_name);
        const state = applyResourceChange(type, request.type_name, {
          prior: decode(request.prior_state, type.block),
          planned: decode(request.planned_state, type.block),
          config: decode(request.config, type.block),
        });
        return {
          new_state: encoded(state, type.block),
          private: request.planned_private,
          // A value the plan did not announce is tolerated from the legacy SDK only.
          legacy_type_system: type.behaviour?.changedOnApplyBy !== undefined,
        };
      },
    ),
    ImportResourceState: unary(log, 'ImportResourceState', (request: TypedRequest & { id: string }) => {
      const type = resource(request.type_name);
      const state = importResourceState(type, request.id);
      return { imported_resources: [{ type_name: request.type_name, state: encoded(state, type.block) }] };
    }),
    ReadDataSource: unary(
      log,
      'ReadDataSource',
      (request: TypedRequest & { config?: DynamicValueMessage }) => {
        const type = dataSource(request.type_name);
        const state = readDataSource(
          type,
          request.type_name,
          required(decode(request.config, type.block), 'config'),
        );
        return { state: encoded(state, type.block) };
      },
    ),
    StopProvider: unary(log, 'StopProvider', () => ({})),
  };
}

/**
 * A handler that answers a failure as an error diagnostic, as providers do, rather than as a
 * gRPC error, which Terraform reports as a crash of the plugin.
 */
function unary<Request>(
  log: (line: string) => void,
  name: string,
  handle: (request: Request) => Response,
): grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const typeName = (call.request as Partial<TypedRequest>).type_name;
    log(typeName ? `${name} ${typeName}` : name);
    let response: Response;
    try {
      response = handle(call.request);
    } catch (error) {
      log(`${name} failed: ${String(error)}`);
      response = diagnosticsOf([
        {
          severity: 'error',
          summary: 'Stand-in provider error',
          detail: `${name}${typeName ? ` ${typeName}` : ''}: ${error instanceof Error ? error.message : String(error)}`,
        },
      ]);
    }
    callback(null, response);
  };
}

function lookup(
  types: { readonly [type: string]: ResourceSchema },
  typeName: string,
  what: string,
): ResourceSchema {
  const type = Object.hasOwn(types, typeName) ? types[typeName] : undefined;
  if (!type) throw new Error(`this provider has no ${what} ${typeName}`);
  return type;
}

/** Terraform sends msgpack; JSON is the protocol's fallback encoding. */
function decode(value: DynamicValueMessage | undefined, block: SchemaBlock): ObjectValue | null {
  if (value?.msgpack && value.msgpack.length > 0) return decodeObject(value.msgpack, block);
  if (value?.json && value.json.length > 0) return objectFromJson(value.json.toString('utf8'), block);
  return null;
}

function required(value: ObjectValue | null, what: string): ObjectValue {
  if (value === null) throw new Error(`no ${what} in the request`);
  return value;
}

function encoded(value: ObjectValue | null, block: SchemaBlock): DynamicValueMessage {
  return { msgpack: Buffer.from(encodeObject(value, block)) };
}

function diagnosticsOf(diagnostics: readonly Diagnostic[]): Response {
  return {
    diagnostics: diagnostics.map((diagnostic) => ({
      severity: diagnostic.severity === 'error' ? 'ERROR' : 'WARNING',
      summary: diagnostic.summary,
      detail: diagnostic.detail ?? '',
      ...(diagnostic.attribute ? { attribute: pathMessage(diagnostic.attribute) } : {}),
    })),
  };
}

function pathMessage(path: AttributePath): { steps: object[] } {
  return {
    steps: path.map((step) =>
      'attribute' in step
        ? { attribute_name: step.attribute }
        : 'key' in step
          ? { element_key_string: step.key }
          : { element_key_int: step.index },
    ),
  };
}

function schemaMessage(schema: { readonly version: number; readonly block: SchemaBlock }): object {
  return { version: schema.version, block: { version: schema.version, ...blockMessage(schema.block) } };
}

function blockMessage(block: SchemaBlock): object {
  return {
    attributes: Object.entries(block.attributes).map(([name, attribute]) => ({
      name,
      type: Buffer.from(JSON.stringify(attribute.type)),
      required: attribute.required ?? false,
      optional: attribute.optional ?? false,
      computed: attribute.computed ?? false,
      sensitive: attribute.sensitive ?? false,
      deprecated: attribute.deprecated ?? false,
    })),
    block_types: Object.entries(block.block_types).map(([type_name, nested]) => ({
      type_name,
      block: blockMessage(nested.block),
      nesting: nested.nesting_mode.toUpperCase(),
      min_items: nested.min_items ?? 0,
      max_items: nested.max_items ?? 0,
    })),
  };
}

function mapValues<T, U>(record: { readonly [key: string]: T }, map: (value: T) => U): { [key: string]: U } {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
