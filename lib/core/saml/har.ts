import { describeValue, ValidationError } from '../errors';

/** The browser POST that carried a SAMLResponse, found in a HAR file. */
export interface SamlPost {
  /** The SAMLResponse field as posted (base64). */
  readonly value: string;
  /** Which entry was used, for the report: `HAR entry 12 of 40: POST https://... at ...`. */
  readonly origin: string;
  /** When the browser posted it: the moment Databricks judged the response. */
  readonly postedAt?: Date;
  /** The error code Databricks answered with (its redirect to `...?error=<code>`), if the HAR has it. */
  readonly observedError?: string;
}

interface HarEntry {
  readonly startedDateTime?: unknown;
  readonly request?: {
    readonly method?: unknown;
    readonly url?: unknown;
    readonly postData?: { readonly text?: unknown; readonly params?: unknown };
  };
  readonly response?: { readonly redirectURL?: unknown; readonly headers?: unknown };
}

/**
 * Finds the POST of a SAMLResponse in a HAR file exported from a browser's developer tools: the
 * last one to the Databricks Redirect URL when it is known (the latest login attempt), else the
 * last one to anywhere.
 *
 * @param source names the file in messages
 * @throws ValidationError when the HAR holds no such POST
 */
export function findSamlPost(har: unknown, source: string, redirectUrl?: string): SamlPost {
  const entries = (har as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries)) {
    throw new ValidationError(source, 'JSON without log.entries', 'a HAR file (HTTP Archive, log.entries)');
  }
  const posts = entries.flatMap((entry: HarEntry, index) => {
    const value = samlResponseOf(entry);
    return value === undefined ? [] : [{ entry, index, value, url: String(entry.request?.url ?? '') }];
  });
  if (posts.length === 0) {
    throw new ValidationError(
      source,
      `a HAR of ${entries.length} entries, none a POST carrying a SAMLResponse`,
      'a HAR recorded during the failed login (turn on "Preserve log" / "Persist logs" before signing in)',
    );
  }
  const toRedirect = redirectUrl === undefined ? [] : posts.filter((p) => sameEndpoint(p.url, redirectUrl));
  const chosen = (toRedirect.length > 0 ? toRedirect : posts)[(toRedirect.length || posts.length) - 1];
  if (chosen === undefined) throw new Error('unreachable: a non-empty list has a last element');
  const started =
    typeof chosen.entry.startedDateTime === 'string' ? new Date(chosen.entry.startedDateTime) : undefined;
  const postedAt = started !== undefined && !Number.isNaN(started.getTime()) ? started : undefined;
  const notes = [
    ...(posts.length > 1 ? [`the last of ${posts.length} POSTs carrying a SAMLResponse`] : []),
    ...(redirectUrl !== undefined && toRedirect.length === 0
      ? [`none was to the Redirect URL ${redirectUrl}`]
      : []),
  ];
  const observedError = errorCodeOf(chosen.entry);
  return {
    value: chosen.value,
    // The query string can carry tokens: the report names the endpoint only.
    origin:
      `HAR entry ${chosen.index + 1} of ${entries.length}: POST ${withoutQuery(chosen.url)}` +
      `${postedAt === undefined ? '' : ` at ${postedAt.toISOString()}`}` +
      `${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
    ...(postedAt !== undefined ? { postedAt } : {}),
    ...(observedError !== undefined ? { observedError } : {}),
  };
}

function samlResponseOf(entry: HarEntry): string | undefined {
  const request = entry?.request;
  if (typeof request?.method !== 'string' || request.method.toUpperCase() !== 'POST') return undefined;
  const params = request.postData?.params;
  if (Array.isArray(params)) {
    const field = params.find(
      (p: { name?: unknown; value?: unknown }) => p?.name === 'SAMLResponse' && typeof p.value === 'string',
    ) as { value: string } | undefined;
    // Chrome keeps form values URL-encoded, Firefox decodes them: base64 never holds a '%'.
    if (field !== undefined) return field.value.includes('%') ? safeDecode(field.value) : field.value;
  }
  const text = request.postData?.text;
  if (typeof text !== 'string' || !/(^|&)SAMLResponse=/.test(text)) return undefined;
  return new URLSearchParams(text).get('SAMLResponse') ?? undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Databricks answers a refused login with a redirect to a page whose query names the error code. */
function errorCodeOf(entry: HarEntry): string | undefined {
  const headers = Array.isArray(entry.response?.headers) ? entry.response.headers : [];
  const location = (headers as { name?: unknown; value?: unknown }[]).find(
    (h) => typeof h?.name === 'string' && h.name.toLowerCase() === 'location',
  )?.value;
  for (const target of [entry.response?.redirectURL, location]) {
    if (typeof target !== 'string') continue;
    const code = /[?&#]error=([a-z_]{3,64})(?:[&#]|$)/.exec(target)?.[1];
    if (code !== undefined) return code;
  }
  return undefined;
}

function sameEndpoint(url: string, expected: string): boolean {
  const endpoint = (u: string) => withoutQuery(u).replace(/\/+$/, '').toLowerCase();
  return endpoint(url) === endpoint(expected);
}

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  const bare = cut < 0 ? url : url.slice(0, cut);
  return bare.length > 300 ? describeValue(bare) : bare;
}
