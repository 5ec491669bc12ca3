import { ValidationError, describeValue } from '../errors';
import { type Day, dayOf, dayToDate, formatDay, parseDay } from './dates';
import { DEFAULT_ROTATION_POLICY, type RotationPolicy, validatePolicy } from './policy';

/** The signing-key generation one environment runs today. */
export interface KeyGeneration {
  readonly environment: string;
  /** The key's name at the IdP (Okta `key_name`, Entra certificate display name), e.g. `2026-q4`. */
  readonly generation: string;
  /** The day this environment started signing with this generation, `YYYY-MM-DD` (UTC). */
  readonly issued: string;
  /** @default DEFAULT_ROTATION_POLICY */
  readonly policy?: RotationPolicy;
  /**
   * The environment that must carry a generation first, e.g. `'staging'` for prod.
   * @default none: the environment starts each wave
   */
  readonly promotesAfter?: string;
}

/** A generation an environment carried before its current one, for `checkPromotion`. */
export type KeyHistoryEntry = Pick<KeyGeneration, 'environment' | 'generation' | 'issued'>;

export type RotationStatus = 'ok' | 'due' | 'overdue';

/** When one environment should next rotate. */
export interface PlannedRotation {
  readonly environment: string;
  /** `YYYY-MM-DD` (UTC) */
  readonly date: string;
  /** The staging lead pushes this rotation past the environment's rotate-by date (or it already passed). */
  readonly late: boolean;
}

export interface CalendarEntry {
  readonly environment: string;
  readonly generation: string;
  readonly issued: string;
  /** `issued + periodDays` */
  readonly rotateBy: string;
  /** `rotateBy - warnDays` */
  readonly warnFrom: string;
  readonly status: RotationStatus;
  /** Days from `at` to `rotateBy`; negative when overdue. */
  readonly daysLeft: number;
  readonly nextRotation: PlannedRotation;
  readonly policy: RotationPolicy;
}

export interface RotationCalendar {
  /** The day the calendar was computed for, `YYYY-MM-DD` (UTC). */
  readonly at: string;
  /** In declaration order. */
  readonly environments: readonly CalendarEntry[];
  /** Every environment's next rotation, in the order to run them: by date, then promotion order. */
  readonly nextWave: readonly PlannedRotation[];
}

export interface PromotionProblem {
  readonly environment: string;
  readonly message: string;
}

/** A generation an environment carried, in days. */
type Carried = Pick<Checked, 'environment' | 'generation' | 'issued'>;

/** A validated generation, in days. */
interface Checked {
  readonly environment: string;
  readonly generation: string;
  readonly issued: Day;
  readonly policy: RotationPolicy;
  readonly promotesAfter: string | undefined;
  /** Position in the declaration, the last tie-breaker so output never depends on sort stability. */
  readonly index: number;
}

/**
 * Computes each environment's rotation status at `at` and plans the next wave: an environment
 * with `promotesAfter` rotates `leadDays` (its own policy) after that environment, and the
 * first environment of a chain rotates early enough for the whole chain to finish on time.
 * An environment still on a generation its predecessor has already left finishes that running
 * wave (predecessor's issued + leadDays) without pulling the predecessor into another rotation.
 */
export function rotationCalendar(generations: readonly KeyGeneration[], at: Date): RotationCalendar {
  const today = dayOf(at, 'at');
  const checked = checkGenerations(generations);
  const plan = planWave(checked, today);
  const environments = checked.map((g) => calendarEntry(g, today, plan));
  const nextWave = [...checked]
    .sort((a, b) => plan.date(a) - plan.date(b) || plan.depth(a) - plan.depth(b) || a.index - b.index)
    .map((g) => plannedRotation(g, plan));
  return { at: formatDay(today), environments, nextWave };
}

/**
 * Finds environments that run a key generation the environment they promote after has not carried
 * for `leadDays` first. `history` lists generations carried before the current ones; without any
 * history for staging, prod on an older generation than staging's current one is taken to be mid-wave
 * on staging's previous generation.
 */
export function checkPromotion(
  generations: readonly KeyGeneration[],
  history: readonly KeyHistoryEntry[] = [],
): readonly PromotionProblem[] {
  const checked = checkGenerations(generations);
  const past = history.map((h, i) => checkHistoryEntry(h, `history[${i}]`));
  return checked.flatMap((g) => {
    const before = checked.find((c) => c.environment === g.promotesAfter);
    return before ? promotionProblems(g, before, past) : [];
  });
}

/** The clock for a command: `--at DATE` wins, then `SSO_CLOCK`, then now (the day as a UTC midnight). */
export function resolveClock(atFlag: string | undefined, env: NodeJS.ProcessEnv): Date {
  if (atFlag !== undefined) return dayToDate(parseDay(atFlag, '--at'));
  // An empty variable is how shells and CI systems spell "unset".
  const fromEnv = env.SSO_CLOCK;
  if (fromEnv !== undefined && fromEnv !== '') return dayToDate(parseDay(fromEnv, 'SSO_CLOCK'));
  return new Date();
}

function checkGenerations(generations: readonly KeyGeneration[]): readonly Checked[] {
  if (!Array.isArray(generations) || generations.length === 0) {
    throw new ValidationError('generations', describeValue(generations), 'at least one key generation');
  }
  const checked: Checked[] = [];
  generations.forEach((g, index) => {
    const environment = checkName(g.environment, `generations[${index}].environment`);
    if (checked.some((c) => c.environment === environment)) {
      throw new ValidationError(
        `${environment}: environment`,
        describeValue(environment),
        'one key generation per environment',
      );
    }
    checked.push({
      environment,
      generation: checkName(g.generation, `${environment}: generation`),
      issued: parseDay(g.issued, `${environment}: issued`),
      policy: validatePolicy(g.policy ?? DEFAULT_ROTATION_POLICY, `${environment}: policy`),
      promotesAfter: g.promotesAfter,
      index,
    });
  });
  for (const g of checked) checkPromotesAfter(g, checked);
  return checked;
}

function checkHistoryEntry(entry: KeyHistoryEntry, field: string): Carried {
  return {
    environment: checkName(entry.environment, `${field}.environment`),
    generation: checkName(entry.generation, `${field}.generation`),
    issued: parseDay(entry.issued, `${field}.issued`),
  };
}

/** Names end up in Markdown tables, Mermaid charts and calendar lines: control characters would break all three. */
function checkName(value: unknown, field: string): string {
  if (typeof value === 'string' && value.trim() !== '' && !/\p{Cc}/u.test(value)) return value;
  throw new ValidationError(field, describeValue(value), 'a non-empty name without control characters');
}

function checkPromotesAfter(g: Checked, all: readonly Checked[]): void {
  if (g.promotesAfter === undefined) return;
  const field = `${g.environment}: promotesAfter`;
  const others = all.filter((c) => c !== g).map((c) => c.environment);
  if (!others.includes(g.promotesAfter)) {
    const expected = others.length
      ? `one of the other environments (${others.join(', ')})`
      : 'another environment';
    throw new ValidationError(field, describeValue(g.promotesAfter), expected);
  }
  const chain = [g.environment];
  for (let at = byName(all, g.promotesAfter); at; at = byName(all, at.promotesAfter)) {
    chain.push(at.environment);
    if (at === g)
      throw new ValidationError(
        field,
        describeValue(g.promotesAfter),
        `no cycle, found ${chain.join(' -> ')}`,
      );
  }
}

function byName(all: readonly Checked[], environment: string | undefined): Checked | undefined {
  return all.find((c) => c.environment === environment);
}

function rotateBy(g: Checked): Day {
  return g.issued + g.policy.periodDays;
}

interface WavePlan {
  date(g: Checked): Day;
  /** Steps from the start of the chain, so same-day rotations still run in promotion order. */
  depth(g: Checked): number;
}

function planWave(checked: readonly Checked[], today: Day): WavePlan {
  const before = (g: Checked): Checked | undefined => byName(checked, g.promotesAfter);
  // Staging has already moved on and prod has not followed yet: prod's next rotation finishes the
  // running wave, and must not pull staging into another rotation.
  const midWave = (g: Checked, b: Checked): boolean => g.generation !== b.generation && b.issued > g.issued;
  // The last day this environment can rotate and still let every environment behind it finish on time.
  const latestStart = (g: Checked): Day =>
    Math.min(
      rotateBy(g),
      ...checked
        .filter((c) => before(c) === g && !midWave(c, g))
        .map((c) => latestStart(c) - c.policy.leadDays),
    );
  const date = (g: Checked): Day => {
    const b = before(g);
    if (!b) return Math.max(today, latestStart(g));
    if (midWave(g, b)) return Math.max(today, b.issued + g.policy.leadDays);
    return date(b) + g.policy.leadDays;
  };
  const depth = (g: Checked): number => {
    const b = before(g);
    return b ? depth(b) + 1 : 0;
  };
  return { date, depth };
}

function plannedRotation(g: Checked, plan: WavePlan): PlannedRotation {
  const date = plan.date(g);
  return { environment: g.environment, date: formatDay(date), late: date > rotateBy(g) };
}

function calendarEntry(g: Checked, today: Day, plan: WavePlan): CalendarEntry {
  const due = rotateBy(g);
  const warnFrom = due - g.policy.warnDays;
  const status: RotationStatus = today >= due ? 'overdue' : today >= warnFrom ? 'due' : 'ok';
  return {
    environment: g.environment,
    generation: g.generation,
    issued: formatDay(g.issued),
    rotateBy: formatDay(due),
    warnFrom: formatDay(warnFrom),
    status,
    daysLeft: due - today,
    nextRotation: plannedRotation(g, plan),
    policy: g.policy,
  };
}

interface Stint {
  readonly generation: string;
  readonly from: Day;
  readonly until: Day | undefined;
}

/** What `before` carried, oldest first, each with the day it moved on (none for its current generation). */
function stints(before: Checked, past: readonly Carried[]): readonly Stint[] {
  const carried = [...past.filter((p) => p.environment === before.environment), before]
    .filter((c, i, all) => all.findIndex((o) => o.generation === c.generation && o.issued === c.issued) === i)
    .sort((a, b) => a.issued - b.issued);
  return carried.map((c, i) => ({ generation: c.generation, from: c.issued, until: carried[i + 1]?.issued }));
}

function promotionProblems(
  g: Checked,
  before: Checked,
  past: readonly Carried[],
): readonly PromotionProblem[] {
  const lead = g.policy.leadDays;
  const env = g.environment;
  const prev = before.environment;
  const carried = stints(before, past).filter((s) => s.generation === g.generation);
  // The stint this environment followed: the last one started by the day it moved, else the first one.
  const stint = carried.filter((s) => s.from <= g.issued).pop() ?? carried[0];
  const catchUp = `move ${env} to ${prev}'s generation ${before.generation} on or after ${formatDay(before.issued + lead)}`;
  if (!stint) {
    const assumedMidWave = !past.some((p) => p.environment === prev) && before.issued > g.issued;
    if (assumedMidWave) return [];
    const message =
      `${env} runs key generation ${g.generation} (since ${formatDay(g.issued)}), which ${prev} never carried; ` +
      `${prev} must carry a generation ${days(lead)} first: ${catchUp}`;
    return [{ environment: env, message }];
  }
  const ready = stint.from + lead;
  if (ready > g.issued) {
    const message =
      `${env} moved to key generation ${g.generation} on ${formatDay(g.issued)}, but ${prev} only carried it ` +
      `since ${formatDay(stint.from)}; ${prev} must carry it ${days(lead)} first (until ${formatDay(ready)}), ` +
      `so move ${env} on or after ${formatDay(ready)}`;
    return [{ environment: env, message }];
  }
  if (stint.until !== undefined && stint.until < ready) {
    const message =
      `${env} moved to key generation ${g.generation} on ${formatDay(g.issued)}, but ${prev} carried it only from ` +
      `${formatDay(stint.from)} to ${formatDay(stint.until)} (${days(stint.until - stint.from)}); ` +
      `${prev} must carry a generation ${days(lead)} first: ${catchUp}`;
    return [{ environment: env, message }];
  }
  return [];
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}
