import { ValidationError, describeValue } from '../errors';
import { type Day, dayOf, dayToDate, formatDay, parseDay } from './dates';
import { suggestedGeneration } from './declarations';
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
  /**
   * The day the environment's key came under this project, `YYYY-MM-DD`: a generation issued on or
   * before it is the environment's first, with no previous key to keep, so it is not held to the lead.
   * @default none: every generation is held to the lead
   */
  readonly adopted?: string;
  /**
   * Lets the environment move to one generation before `promotesAfter` carried it for `leadDays`.
   * @default none
   */
  readonly emergency?: EmergencyOverride;
  /**
   * The other environments that sign in with this key: they share its Databricks account, which
   * holds one SSO configuration, so a rotation reaches all of them at the same moment.
   * @default none: the key is this environment's alone
   */
  readonly sharedWith?: readonly string[];
}

/** A dated, reasoned exception to the lead for one generation: an overdue or compromised key. */
export interface EmergencyOverride {
  readonly generation: string;
  readonly reason: string;
  /** The last day the environment may move to `generation` under it, `YYYY-MM-DD` (UTC). */
  readonly expires: string;
}

/** A generation an environment carried before its current one, for `checkPromotion`. */
export type KeyHistoryEntry = Pick<KeyGeneration, 'environment' | 'generation' | 'issued'>;

/** `future`: the key is dated after the day of the calendar, so its age cannot be right. */
export type RotationStatus = 'ok' | 'due' | 'overdue' | 'future';

/** When one environment should next rotate. */
export interface PlannedRotation {
  readonly environment: string;
  /** `YYYY-MM-DD` (UTC) */
  readonly date: string;
  /**
   * The rotation falls on or after the environment's rotate-by date: the lead behind the environment it
   * promotes after does not fit before it (or it already passed). Only an emergency override avoids it.
   */
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
  /** The environment it takes each generation from. @default none: it starts each wave */
  readonly promotesAfter?: string;
  /** The other environments of its shared account, which sign in with the same key. @default none */
  readonly sharedWith?: readonly string[];
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

/** A move to a generation that did not keep the lead, and what lets it through anyway, if anything. */
export interface PromotionStatus extends PromotionProblem {
  /** The environment it promotes after. */
  readonly leader: string;
  readonly generation: string;
  /** `adopted`: the environment's first key; `emergency`: its emergency override. */
  readonly waivedBy?: 'adopted' | 'emergency';
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
  readonly adopted: Day | undefined;
  readonly emergency: { readonly generation: string; readonly expires: Day } | undefined;
  readonly sharedWith: readonly string[];
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
  return promotionStatus(generations, history)
    .filter((s) => s.waivedBy === undefined)
    .map(({ environment, message }) => ({ environment, message }));
}

/**
 * Like `checkPromotion`, but also reports the moves that did not keep the lead and are let through
 * by the environment's first-key date (`adopted`) or its emergency override, saying which.
 */
export function promotionStatus(
  generations: readonly KeyGeneration[],
  history: readonly KeyHistoryEntry[] = [],
): readonly PromotionStatus[] {
  const checked = checkGenerations(generations);
  const past = history.map((h, i) => checkHistoryEntry(h, `history[${i}]`));
  return checked.flatMap((g) => {
    const before = checked.find((c) => c.environment === g.promotesAfter);
    return (before ? promotionProblems(g, before, past) : []).map((problem) => ({
      ...problem,
      leader: before?.environment ?? '',
      generation: g.generation,
      ...waiver(g),
    }));
  });
}

function waiver(g: Checked): { waivedBy?: 'adopted' | 'emergency' } {
  if (g.adopted !== undefined && g.issued <= g.adopted) return { waivedBy: 'adopted' };
  const e = g.emergency;
  if (e !== undefined && e.generation === g.generation && g.issued <= e.expires)
    return { waivedBy: 'emergency' };
  return {};
}

/**
 * The next legal step for one environment's key, as one sentence: when it may rotate and to what,
 * which environment must rotate first, and the emergency override when waiting for the lead would
 * leave the key overdue. It never names a step the promotion check would refuse.
 */
export function nextRotationStep(
  generations: readonly KeyGeneration[],
  environment: string,
  at: Date,
): string {
  const today = dayOf(at, 'at');
  const checked = checkGenerations(generations);
  const g = byName(checked, environment);
  if (g === undefined) {
    throw new ValidationError(
      'environment',
      describeValue(environment),
      `one of ${checked.map((c) => c.environment).join(', ')}`,
    );
  }
  const plan = planWave(checked, today);
  const b = byName(checked, g.promotesAfter);
  const lead = g.policy.leadDays;
  const runbook = (env: string) => `npx sso runbook --env ${env} --change rotation`;
  const when = (day: Day) => (day <= today ? 'now' : `on ${formatDay(day)}`);
  const emergency = (generation: string, expires: Day) =>
    `declare emergencyRotation: { generation: ${generation}, reason: <why>, expires: ${formatDay(expires)} } ` +
    `in ${g.environment} (reviewed, recorded in its stack and reported by sso review)`;
  const followers = checked
    .filter((c) => c.promotesAfter === g.environment)
    .map((c) => `${c.environment} follows with the same generation from ${formatDay(plan.date(c))}`);

  if (b === undefined) {
    const date = plan.date(g);
    const then = followers.length > 0 ? `; ${followers.join('; ')}` : '';
    return `rotate ${g.environment} ${when(date)} to a new generation such as ${suggestedGeneration(formatDay(date), g.generation)} (${runbook(g.environment)})${then}${unstaged(g)}`;
  }
  if (isMidWave(g, b)) {
    const ready = b.issued + lead;
    if (ready <= today) {
      return `rotate ${g.environment} now to ${b.environment}'s generation ${b.generation}, which ${b.environment} has carried since ${formatDay(b.issued)} (${runbook(g.environment)})`;
    }
    const sooner =
      ready >= rotateBy(g)
        ? `; to rotate it ${today >= rotateBy(g) ? 'today' : `before its rotate-by date ${formatDay(rotateBy(g))}`}, ${emergency(b.generation, Math.max(today, Math.min(ready, rotateBy(g)) - 1))}`
        : '';
    return `${g.environment} may take ${b.environment}'s generation ${b.generation} on ${formatDay(ready)}, once ${b.environment} has carried it ${days(lead)} (since ${formatDay(b.issued)})${sooner}`;
  }
  const date = plan.date(g);
  const fresh = suggestedGeneration(formatDay(Math.max(today, plan.date(b))), b.generation);
  let late = '';
  if (today >= rotateBy(g)) {
    late = `; or rotate ${g.environment} today under an emergency override: ${emergency(fresh, today)}`;
  } else if (date >= rotateBy(g)) {
    late = `; or, to rotate ${g.environment} before its rotate-by date ${formatDay(rotateBy(g))}, ${emergency(fresh, rotateBy(g) - 1)}`;
  }
  return `rotate ${b.environment} ${when(plan.date(b))} to a new generation such as ${fresh} (${runbook(b.environment)}), then ${g.environment} with the same generation ${when(date)}${late}`;
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
      adopted: g.adopted === undefined ? undefined : parseDay(g.adopted, `${environment}: adopted`),
      emergency:
        g.emergency === undefined
          ? undefined
          : {
              generation: checkName(g.emergency.generation, `${environment}: emergency.generation`),
              expires: parseDay(g.emergency.expires, `${environment}: emergency.expires`),
            },
      sharedWith: (g.sharedWith ?? []).map((name: string, i: number) =>
        checkName(name, `${environment}: sharedWith[${i}]`),
      ),
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

/** What a rotation of a shared account's key means: every environment of the account moves at once. */
function unstaged(g: Checked): string {
  if (g.sharedWith.length === 0) return '';
  return (
    `; the key signs ${[g.environment, ...g.sharedWith].join(' and ')} (one shared Databricks account), so the ` +
    'rotation reaches all of them at once and cannot be staged in one of them first'
  );
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

/**
 * Staging has already moved on and prod has not followed yet: prod's next rotation finishes the
 * running wave, and must not pull staging into another rotation.
 */
function isMidWave(g: Checked, b: Checked): boolean {
  return g.generation !== b.generation && b.issued > g.issued;
}

/**
 * Plans each wave inside its warning windows: the first environment of a chain rotates on the first
 * day every environment of the chain is due (so the rest of the window is slack), earlier when the
 * lead needs it, and never on or after a rotate-by date, when the key is already overdue, unless
 * that day has passed.
 */
function planWave(checked: readonly Checked[], today: Day): WavePlan {
  const before = (g: Checked): Checked | undefined => byName(checked, g.promotesAfter);
  const inStep = (g: Checked): readonly Checked[] =>
    checked.filter((c) => before(c) === g && !isMidWave(c, g));
  // The last day this environment can rotate and still let every environment behind it rotate
  // before its rotate-by date (the day it becomes overdue).
  const latestStart = (g: Checked): Day =>
    Math.min(rotateBy(g) - 1, ...inStep(g).map((c) => latestStart(c) - c.policy.leadDays));
  // The first day this environment and every environment behind it are in their warning windows.
  const windowOpens = (g: Checked): Day =>
    Math.max(rotateBy(g) - g.policy.warnDays, ...inStep(g).map((c) => windowOpens(c) - c.policy.leadDays));
  const date = (g: Checked): Day => {
    const b = before(g);
    if (!b) return Math.max(today, Math.min(windowOpens(g), latestStart(g)));
    if (isMidWave(g, b)) return Math.max(today, b.issued + g.policy.leadDays);
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
  return { environment: g.environment, date: formatDay(date), late: date >= rotateBy(g) };
}

function calendarEntry(g: Checked, today: Day, plan: WavePlan): CalendarEntry {
  const due = rotateBy(g);
  const warnFrom = due - g.policy.warnDays;
  const status: RotationStatus =
    g.issued > today ? 'future' : today >= due ? 'overdue' : today >= warnFrom ? 'due' : 'ok';
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
    ...(g.promotesAfter === undefined ? {} : { promotesAfter: g.promotesAfter }),
    ...(g.sharedWith.length === 0 ? {} : { sharedWith: g.sharedWith }),
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
