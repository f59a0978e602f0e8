import type { Connection } from 'mongoose';
import { auditEventModel } from './auditEvent';
import { claimModel } from './claim';
import { consentRecordModel } from './consentRecord';
import { declineModel } from './decline';
import { documentViewModel } from './documentView';
import { entryCodeModel } from './entryCode';
import { matterModel } from './matter';
import { operatorSessionModel } from './operatorSession';
import { matterEventModel } from './matterEvent';
import { sandboxOutcomeModel } from './sandboxOutcome';
import { sessionModel } from './session';
import { signatureModel } from './signature';
import { taskModel } from './task';
import { tenantModel } from './tenant';
import { verificationModel } from './verification';

/** Every model, registered on one connection (tests open one connection per file). */
export function createModels(conn: Connection) {
  return {
    Matter: matterModel(conn),
    Task: taskModel(conn),
    MatterEvent: matterEventModel(conn),
    Session: sessionModel(conn),
    Verification: verificationModel(conn),
    Claim: claimModel(conn),
    Signature: signatureModel(conn),
    SandboxOutcome: sandboxOutcomeModel(conn),
    Tenant: tenantModel(conn),
    AuditEvent: auditEventModel(conn),
    ConsentRecord: consentRecordModel(conn),
    OperatorSession: operatorSessionModel(conn),
    DocumentView: documentViewModel(conn),
    Decline: declineModel(conn),
    EntryCode: entryCodeModel(conn),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Creates the indexes of every model (at boot; cheap when they exist). */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}

export { claim } from './claim';
export type { MatterDoc } from './matter';
export type { TaskDoc } from './task';
export type { MatterEventDoc } from './matterEvent';
export type { SessionDoc } from './session';
export type { VerificationDoc } from './verification';
export type { TenantDoc } from './tenant';
export type { AuditEventDoc } from './auditEvent';
export type { DeclineDoc } from './decline';
