import type { AuditEventDoc, MatterDoc, TaskDoc } from '../models';
import { operatorTenants } from '../policies/operator';
import type { Services } from '../services';

/** Alarms older than this are not listed (the retention sweep removes them later still). */
export const ALARM_WINDOW_MS = 7 * 24 * 3600_000;
/** At most this many alarms in one answer. */
export const ALARM_LIST_LIMIT = 100;
/** Alarms read per round while looking for those the operator may see. */
const PAGE = 200;
/** Matters shown per alarm: enough to find the person's filing at the window. */
const MATTERS_PER_ALARM = 20;

type AuditEvent = AuditEventDoc & { _id: string };
type MatterSummary = Pick<MatterDoc, '_id' | 'portalRef' | 'entityName' | 'tenant' | 'status'>;

/** An alarm as the console lists it: the event, the person masked, their matters, the later lifting. */
export interface AlarmRecord {
  alarm: AuditEvent;
  person: Pick<TaskDoc['person'], 'idType' | 'nameMasked' | 'idNumberMasked'>;
  matters: MatterSummary[];
  /** The first `person_limit_lifted` for this person at or after the alarm, if any. */
  lift: AuditEvent | null;
}

/** A person (lookup hash) as the operator's tenants know them: the newest task's masked copy and the matters. */
interface KnownPerson {
  person: AlarmRecord['person'];
  matters: MatterSummary[];
}

/**
 * The person alarms of the last 7 days (`person_alarm`, newest first, at most 100) whose person is
 * named in a matter of the operator's tenants — operators act within their tenants, so anyone else's
 * alarm is not theirs to see — each with the lifting that followed it.
 */
export async function listAlarms(services: Services, props: { operator: string }): Promise<AlarmRecord[]> {
  const tenants = operatorTenants(services.config, props.operator);
  if (tenants !== '*' && tenants.length === 0) return [];
  const since = new Date(services.now().getTime() - ALARM_WINDOW_MS);
  const known = new Map<string, KnownPerson | null>();
  const lifts = new Map<string, AuditEvent[]>();
  const found: AlarmRecord[] = [];
  const seen = new Set<string>();
  for (let skip = 0; found.length < ALARM_LIST_LIMIT; skip += PAGE) {
    const alarms = await services.models.AuditEvent.find({ kind: 'person_alarm', at: { $gte: since } })
      .sort({ at: -1, _id: -1 })
      .skip(skip)
      .limit(PAGE)
      .lean<AuditEvent[]>();
    const fresh = [...new Set(alarms.map((a) => a.subject).filter((s): s is string => !!s && !known.has(s)))];
    await readPeople(services, fresh, tenants, known);
    await readLifts(
      services,
      fresh.filter((s) => known.get(s)),
      since,
      lifts,
    );
    for (const alarm of alarms) {
      const person = alarm.subject ? known.get(alarm.subject) : null;
      if (!person || seen.has(alarm._id) || found.length >= ALARM_LIST_LIMIT) continue;
      seen.add(alarm._id);
      const lift = (lifts.get(alarm.subject!) ?? []).find((l) => l.at.getTime() >= alarm.at.getTime()) ?? null;
      found.push({ alarm, ...person, lift });
    }
    if (alarms.length < PAGE) break;
  }
  return found;
}

/** Fills `known` for these lookup hashes: the person in the operator's tenants, or null when not there. */
async function readPeople(services: Services, lookups: string[], tenants: '*' | string[], known: Map<string, KnownPerson | null>) {
  for (const lookup of lookups) known.set(lookup, null);
  if (lookups.length === 0) return;
  const tasks = await services.models.Task.find(
    { 'person.lookup': { $in: lookups }, ...(tenants === '*' ? {} : { tenant: { $in: tenants } }) },
    { matterId: 1, tenant: 1, person: 1, createdAt: 1 },
  )
    .sort({ createdAt: -1 })
    .lean<Array<Pick<TaskDoc, '_id' | 'matterId' | 'tenant' | 'person' | 'createdAt'>>>();
  const matters = new Map(
    (
      await services.models.Matter.find(
        { _id: { $in: [...new Set(tasks.map((t) => t.matterId))] } },
        { portalRef: 1, entityName: 1, tenant: 1, status: 1 },
      ).lean<MatterSummary[]>()
    ).map((m) => [m._id, m]),
  );
  for (const task of tasks) {
    const matter = matters.get(task.matterId);
    if (!matter) continue;
    const entry = known.get(task.person.lookup) ?? {
      // Newest task first: the masked copy the person gave most recently.
      person: { idType: task.person.idType, nameMasked: task.person.nameMasked, idNumberMasked: task.person.idNumberMasked },
      matters: [],
    };
    if (entry.matters.length < MATTERS_PER_ALARM && !entry.matters.some((m) => m._id === matter._id)) entry.matters.push(matter);
    known.set(task.person.lookup, entry);
  }
}

/** Fills `lifts` with each person's `person_limit_lifted` events since `since`, oldest first. */
async function readLifts(services: Services, lookups: string[], since: Date, lifts: Map<string, AuditEvent[]>) {
  if (lookups.length === 0) return;
  const events = await services.models.AuditEvent.find({ kind: 'person_limit_lifted', subject: { $in: lookups }, at: { $gte: since } })
    .sort({ at: 1 })
    .lean<AuditEvent[]>();
  for (const event of events) lifts.set(event.subject!, [...(lifts.get(event.subject!) ?? []), event]);
}
