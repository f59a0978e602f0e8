import { computeCheckCharacter } from '../idDocuments';
import { luhnCheckDigit } from '../luhn';
import { BankCardCheckRequestSchema, ConfirmRequestSchema, IdentityRequestSchema, StartVerificationRequestSchema } from './mp';
import { CreateMatterRequestSchema } from './portal';
import { MatterViewSchema } from './matterView';

const sha = 'a'.repeat(64);
const secondId = '41010219800101123' + computeCheckCharacter('41010219800101123');

const matter = (participants: unknown[]) => ({
  portalRef: 'HN-2026-000123',
  kind: '设立登记',
  entityName: '郑州某某科技有限公司',
  documents: [{ name: '公司登记（备案）申请书', sha256: sha.toUpperCase() }],
  participants,
});
const person = (over: Record<string, unknown> = {}) => ({
  name: '张三',
  idType: 'resident_id',
  idNumber: '11010519491231002x',
  roles: ['法定代表人', '股东'],
  actions: ['verify', 'sign'],
  ...over,
});

const issuePaths = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.path.join('.'));

describe('CreateMatterRequestSchema', () => {
  it('accepts the example of the contract and normalises numbers and digests', () => {
    const parsed = CreateMatterRequestSchema.parse(
      matter([person(), person({ name: '李四', idNumber: secondId, roles: ['监事'], actions: ['sign'] })]),
    );
    expect(parsed.participants[0]).toMatchObject({ idNumber: '11010519491231002X' });
    expect(parsed.documents[0].sha256).toBe(sha);
  });

  it.each([
    ['a wrong check character', person({ idNumber: '110105194912310021' }), 'participants.0.idNumber'],
    ['an unknown document type', person({ idType: 'driving_licence' }), 'participants.0.idType'],
    ['a name with digits', person({ name: '张3' }), 'participants.0.name'],
    ['no roles', person({ roles: [] }), 'participants.0.roles'],
    ['an unknown action', person({ actions: ['pay'] }), 'participants.0.actions.0'],
    ['a repeated action', person({ actions: ['sign', 'sign'] }), 'participants.0.actions'],
  ])('names the field for %s', (_label, participant, path) => {
    expect(issuePaths(CreateMatterRequestSchema.safeParse(matter([participant])))).toContain(path);
  });

  it('refuses the same person twice in one matter', () => {
    const result = CreateMatterRequestSchema.safeParse(matter([person(), person({ idNumber: '11010519491231002X' })]));
    expect(issuePaths(result)).toEqual(['participants.1.idNumber']);
  });

  describe('organizations among the participants', () => {
    const org = (over: Record<string, unknown> = {}) => ({
      kind: 'organization',
      name: '河南某某投资有限公司',
      uscc: '91110000600037341l',
      roles: ['股东'],
      actions: ['verify', 'sign'],
      representative: { name: '王五', idType: 'resident_id', idNumber: secondId },
      ...over,
    });

    it('takes an organization with its representative and normalises its code', () => {
      const parsed = CreateMatterRequestSchema.parse(matter([person(), org()]));
      expect(parsed.participants[1]).toEqual({ ...org(), uscc: '91110000600037341L' });
      expect(parsed.participants[0]).not.toHaveProperty('kind');
    });

    it.each([
      [
        'a wrong check character',
        org({ uscc: '91110000600037341A' }),
        'participants.0.uscc',
        '统一社会信用代码校验位不正确，请核对后重新输入',
      ],
      ['a short code', org({ uscc: '9111000060003734' }), 'participants.0.uscc', '统一社会信用代码应为18位'],
      ['no code', org({ uscc: undefined }), 'participants.0.uscc', '请填写统一社会信用代码'],
      ['no name', org({ name: ' ' }), 'participants.0.name', '请填写单位名称'],
      [
        "a representative's wrong ID number",
        org({ representative: { name: '王五', idType: 'resident_id', idNumber: '110105194912310021' } }),
        'participants.0.representative.idNumber',
        undefined,
      ],
      ['no representative', org({ representative: undefined }), 'participants.0.representative', undefined],
      ['an unknown kind', person({ kind: 'robot' }), 'participants.0.kind', '人员类型只能是 person（自然人）或 organization（单位）'],
    ])('names the field for %s, in Chinese', (_label, participant, path, message) => {
      const result = CreateMatterRequestSchema.safeParse(matter([participant]));
      expect(issuePaths(result)).toContain(path);
      const issue = result.error!.issues.find((i) => i.path.join('.') === path)!;
      if (message) expect(issue.message).toBe(message);
      expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('lets one person represent two organizations and take part in their own name too', () => {
      const rep = { name: '张三', idType: 'resident_id', idNumber: '11010519491231002X' };
      const second = { uscc: '91350100M000100Y43', name: '福建某某有限公司' };
      const result = CreateMatterRequestSchema.safeParse(
        matter([person(), org({ representative: rep }), org({ ...second, representative: rep })]),
      );
      expect(result.success).toBe(true);
    });

    it('refuses the same organization twice in one matter', () => {
      const result = CreateMatterRequestSchema.safeParse(matter([org(), org({ uscc: '91110000600037341L', roles: ['监事'] })]));
      expect(issuePaths(result)).toEqual(['participants.1.uscc']);
    });
  });

  it('refuses a matter without documents or people', () => {
    const result = CreateMatterRequestSchema.safeParse({ ...matter([]), documents: [] });
    expect(issuePaths(result).sort()).toEqual(['documents', 'participants']);
  });
});

describe('mini-program requests', () => {
  it('validates the identity entry like the portal does', () => {
    const ok = IdentityRequestSchema.safeParse({
      name: '张三',
      idType: 'resident_id',
      idNumber: '11010519491231002X',
      consentVersion: '2026-11',
    });
    expect(ok.success).toBe(true);
    const bad = IdentityRequestSchema.safeParse({ name: '张三', idType: 'resident_id', idNumber: '11010519491231002X' });
    expect(issuePaths(bad)).toEqual(['consentVersion']);
  });

  it('requires a Luhn-valid card number and strips spaces', () => {
    const card = '622202123456789012' + luhnCheckDigit('622202123456789012');
    expect(BankCardCheckRequestSchema.parse({ cardNumber: card.replace(/(\d{4})/g, '$1 ') }).cardNumber).toBe(card);
    const wrongLastDigit = card.slice(0, -1) + ((Number(card.slice(-1)) + 1) % 10);
    expect(BankCardCheckRequestSchema.safeParse({ cardNumber: wrongLastDigit }).success).toBe(false);
  });

  it('binds a task verification to a task id', () => {
    expect(StartVerificationRequestSchema.safeParse({ purpose: 'task' }).success).toBe(false);
    expect(StartVerificationRequestSchema.parse({ purpose: 'task', taskId: 't1' })).toEqual({ purpose: 'task', taskId: 't1' });
    expect(StartVerificationRequestSchema.safeParse({ purpose: 'other' }).success).toBe(false);
  });

  it('takes only PNG data URLs of bounded size as signatures', () => {
    const base = { verificationId: 'v1', documentsDigest: sha };
    expect(ConfirmRequestSchema.safeParse({ ...base, signature: 'data:image/png;base64,iVBORw0KGgo=' }).success).toBe(true);
    expect(ConfirmRequestSchema.safeParse({ ...base, signature: 'data:image/jpeg;base64,/9j/' }).success).toBe(false);
    expect(ConfirmRequestSchema.safeParse({ ...base, signature: 'data:image/png;base64,' + 'A'.repeat(300_000) }).success).toBe(false);
  });
});

describe('MatterViewSchema', () => {
  it('describes the view of the contract', () => {
    const view = {
      id: 'm1',
      portalRef: 'HN-1',
      kind: '设立登记',
      entityName: '某公司',
      status: 'pending',
      version: 3,
      documentsDigest: sha,
      createdAt: '2026-11-28T10:00:00.000Z',
      expiresAt: '2026-12-05T10:00:00.000Z',
      participants: [
        {
          taskId: 't1',
          name: '张*',
          idType: 'resident_id',
          idNumberMasked: '1101**********002X',
          roles: ['股东'],
          actions: ['verify', 'sign'],
          verify: 'done',
          sign: 'pending',
          confirmedAt: null,
          decision: null,
          declineReason: null,
        },
      ],
      progress: { done: 0, total: 1 },
      canSubmit: false,
    };
    expect(MatterViewSchema.parse(view)).toEqual(view);
    expect(MatterViewSchema.safeParse({ ...view, status: 'approved' }).success).toBe(false);
  });
});
