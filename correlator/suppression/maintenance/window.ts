import { type Matcher, matchesAll, parseMatchers } from '../../../rules/matchers.js';
import { VigilError } from '../../errors/vigil-error.js';
import { CI_CLASSES } from '../../model/itil.js';
import type { AlertRecord, CiRecord } from '../../model/records.js';
import { suppressionLabels } from '../muter.js';
import { checkSchedule, type MaintenanceSchedule } from './schedule.js';

/**
 * Which alerts a maintenance window covers: those of a listed CI id, CI name (or resource name),
 * CI class, or whose labels all `matchers` accept. Any listed criterion suffices; at least one
 * must be given.
 */
export interface MaintenanceSelector {
  ciIds: string[];
  names: string[];
  classes: string[];
  matchers: string[];
}

/** A maintenance window, from the config file or created through the API. */
export interface MaintenanceWindowRecord {
  name: string;
  selector: MaintenanceSelector;
  schedule: MaintenanceSchedule;
  comment: string;
  createdBy: string;
  createdAt: number;
  source: 'config' | 'api';
}

/** Window names: short, and safe in a URL path and a metric-free reason (`maintenance:<name>`). */
export const WINDOW_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Most entries per selector list. */
export const MAX_SELECTOR_ITEMS = 100;

/** A window with its matchers compiled, ready to decide. */
export interface CompiledWindow {
  record: MaintenanceWindowRecord;
  matchers: Matcher[];
  /** Whether deciding needs the alert's CI record (ids given as labels and resource names do not). */
  needsCi: boolean;
}

/**
 * Checks and compiles a window: its name, a non-empty selector of known classes and valid
 * matchers, and its schedule. Throws VIGIL_ERR_MAINTENANCE_INVALID (or VIGIL_ERR_MATCHER_INVALID).
 */
export function compileWindow(record: MaintenanceWindowRecord): CompiledWindow {
  const fail = (reason: string): never => {
    throw new VigilError('VIGIL_ERR_MAINTENANCE_INVALID', { name: String(record.name).slice(0, 64), reason });
  };
  if (!WINDOW_NAME.test(record.name)) fail('the name must be 1-64 letters, digits, "_", "." or "-"');
  const { selector } = record;
  const lists = [selector.ciIds, selector.names, selector.classes, selector.matchers];
  if (lists.every((list) => list.length === 0)) fail('the selector needs ciIds, names, classes or matchers');
  if (lists.some((list) => list.length > MAX_SELECTOR_ITEMS))
    fail(`a selector list holds at most ${MAX_SELECTOR_ITEMS} entries`);
  const unknown = selector.classes.find((c) => !(CI_CLASSES as readonly string[]).includes(c));
  if (unknown !== undefined) fail(`class "${unknown.slice(0, 64)}" is not one of ${CI_CLASSES.join(', ')}`);
  checkSchedule(record.name, record.schedule);
  return {
    record,
    matchers: parseMatchers(selector.matchers),
    needsCi: selector.classes.length > 0 || selector.ciIds.length > 0 || selector.names.length > 0,
  };
}

/** Whether the window covers the alert, given its CI (null: none or not looked up). Pure. */
export function selects(window: CompiledWindow, alert: AlertRecord, ci: CiRecord | null): boolean {
  const { selector } = window.record;
  if (window.matchers.length > 0 && matchesAll(window.matchers, suppressionLabels(alert))) return true;
  const ciLabel = alert.labels['ci'];
  if (selector.ciIds.length > 0) {
    if ((ciLabel && selector.ciIds.includes(ciLabel)) || (ci && selector.ciIds.includes(ci.id))) return true;
  }
  if (selector.names.length > 0) {
    if (selector.names.includes(alert.resource) || (ci && selector.names.includes(ci.name))) return true;
  }
  return ci !== null && selector.classes.includes(ci.class);
}
