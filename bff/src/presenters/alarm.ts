import { PERSON_BUDGET_LABELS } from '@regverify/shared';
import type { AuditEventDoc, MatterDoc, TaskDoc } from '../models';
import type { PersonBudget } from '../security/rateLimits';
import { iso } from './iso';

/** The operator's name of an actor `operator:<name>` (anything else as it is). */
const operatorOf = (actor: string) => actor.replace(/^operator:/, '');

/**
 * A person's alarm as the console lists it: the person masked, the matters that name them, and who
 * lifted the counts since. Never the lookup hash the alarm is recorded under.
 */
export function presentAlarm(record: {
  alarm: AuditEventDoc & { _id: string };
  person: Pick<TaskDoc['person'], 'idType' | 'nameMasked' | 'idNumberMasked'>;
  matters: Array<Pick<MatterDoc, '_id' | 'portalRef' | 'entityName' | 'tenant' | 'status'>>;
  lift: AuditEventDoc | null;
}) {
  const budget = (record.alarm.data as { budget: PersonBudget }).budget;
  return {
    id: record.alarm._id,
    at: iso(record.alarm.at)!,
    budget,
    budgetLabel: PERSON_BUDGET_LABELS[budget],
    person: {
      name: record.person.nameMasked ?? '',
      idType: record.person.idType,
      idNumberMasked: record.person.idNumberMasked ?? '',
    },
    matters: record.matters.map((m) => ({
      matterId: m._id,
      portalRef: m.portalRef,
      entityName: m.entityName,
      tenant: m.tenant,
      status: m.status,
    })),
    lifted: record.lift ? { operator: operatorOf(record.lift.actor), at: iso(record.lift.at)! } : null,
  };
}
