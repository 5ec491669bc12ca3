import { ValidationError, describeValue } from '../errors';

const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A UTC calendar day as whole days since 1970-01-01. Rotation dates are days, not instants:
 * counting in whole days keeps time zones and daylight saving out of every comparison.
 */
export type Day = number;

/** Reads a `YYYY-MM-DD` day, rejecting impossible dates such as 2026-02-30 that `Date` would roll over. */
export function parseDay(value: unknown, field: string): Day {
  const day = dayOrUndefined(value);
  if (day === undefined)
    throw new ValidationError(field, describeValue(value), 'a real calendar date YYYY-MM-DD');
  return day;
}

/** Whether `value` is a day `parseDay` reads: the declaration schema and the rotation code agree. */
export function isDay(value: unknown): boolean {
  return dayOrUndefined(value) !== undefined;
}

function dayOrUndefined(value: unknown): Day | undefined {
  if (typeof value !== 'string' || !ISO_DAY.test(value)) return undefined;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const parsed = Date.UTC(year, month - 1, day) / MS_PER_DAY;
  // A rolled-over day (or a two-digit year that Date.UTC maps to 19xx) does not print back the same.
  return formatDay(parsed) === value ? parsed : undefined;
}

export function formatDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC calendar day an instant falls on. */
export function dayOf(instant: Date, field: string): Day {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new ValidationError(field, 'an invalid date', 'a valid Date');
  return Math.floor(ms / MS_PER_DAY);
}

export function dayToDate(day: Day): Date {
  return new Date(day * MS_PER_DAY);
}
