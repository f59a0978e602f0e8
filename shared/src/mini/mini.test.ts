import fc from 'fast-check';
import { z } from 'zod';
import { luhnCheckDigit } from '../luhn';
import * as classic from '../schemas';
import * as mini from '.';

/**
 * Every schema of `@regverify/shared/mini` is the zod/mini twin of the schema of the same name in
 * ../schemas: the same JSON Schema on both sides of a transform, the same inferred types, and the
 * same answer (data, or issues with their words) for valid values, broken ones and random input.
 */

type MiniExports = typeof mini;
type ClassicExports = typeof classic;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Twins = {
  [K in keyof MiniExports]: K extends keyof ClassicExports
    ? MiniExports[K] extends z.core.$ZodType
      ? ClassicExports[K] extends z.core.$ZodType
        ? [Equal<z.output<MiniExports[K]>, z.output<ClassicExports[K]>>, Equal<z.input<MiniExports[K]>, z.input<ClassicExports[K]>>]
        : [false, false]
      : [false, false]
    : [false, false];
};
// Fails to compile when a schema here has no original of its name or infers other types.
const sameTypes: Twins[keyof Twins] extends [true, true] ? true : false = true;

const sha = 'ab'.repeat(32);
const iso = '2026-11-28T10:00:00.000Z';
const card = '622202123456789012' + luhnCheckDigit('622202123456789012');
const todo = {
  taskId: 't1',
  matterId: 'm1',
  kind: '设立登记',
  entityName: '郑州某某科技有限公司',
  roles: ['法定代表人'],
  actions: ['verify', 'sign'],
  status: 'pending',
  decision: null,
  declineReason: null,
  createdAt: iso,
  expiresAt: iso,
};
const document = { name: ' 公司章程 ', sha256: sha.toUpperCase(), contentType: 'application/pdf', hasContent: true };

/** A valid value of each schema; the test below asks for one whenever a schema is added. */
const samples: Record<keyof MiniExports, unknown> = {
  IdTypeSchema: 'passport',
  IsoDateSchema: iso,
  Sha256Schema: sha.toUpperCase(),
  PersonNameSchema: ' 欧阳·娜娜 ',
  DocumentSchema: { name: '申请书', sha256: sha },
  DocumentViewSchema: document,
  DeclineReasonSchema: 'content_wrong',
  ReviewReasonSchema: 'person_chose_window',
  ActionSchema: 'sign',
  OrganizationRefSchema: { name: '河南某某投资有限公司', usccMasked: '91************341L' },
  VerifyStateSchema: 'n/a',
  SignStateSchema: 'done',
  TaskStatusSchema: 'expired',
  PlatformSchema: 'weapp',
  ConsentKindSchema: 'face',
  ConsentDocumentSchema: { kind: 'face', version: '1', title: '人脸信息处理告知', text: '一\n\n二', sha256: sha },
  ConsentResponseSchema: {
    version: '2026-11',
    title: '个人信息处理规则',
    sections: [{ title: '一、', paragraphs: ['甲', '乙'] }],
    sha256: sha,
    documents: [{ kind: 'rules', version: '2026-11', title: '规则', text: '全文', sha256: sha }],
  },
  IdentityResponseSchema: { identity: { name: '张*', idType: 'resident_id', idNumberMasked: '1101**********002X' }, needsBankCard: true },
  PrefillResponseSchema: { name: '张三', idNumber: '11010519491231002X' },
  BankCardCheckRequestSchema: { cardNumber: card.replace(/(\d{4})/g, '$1 '), phone: '13800138000', consentVersion: '1' },
  BankCardCheckResponseSchema: { passed: false, reason: '信息不一致' },
  ProviderSchema: 'sandbox',
  StartVerificationResponseSchema: { id: 'v1', provider: 'alipay', params: { certifyId: 'c1', url: 'https://example.test' } },
  WindowVerificationChosenSchema: { method: 'window', status: 'manual_review', tasks: 2 },
  VerificationResultSchema: { status: 'passed', facePicture: 'data:image/jpeg;base64,AAAA' },
  TodoItemSchema: { ...todo, decision: 'declined', declineReason: 'not_mine' },
  TodosResponseSchema: { items: [todo] },
  TodoDetailSchema: {
    ...todo,
    documents: [{ ...document, viewed: false }],
    documentsDigest: sha,
    verify: 'manual_review',
    reviewReason: 'document_type',
    sign: 'pending',
    verificationId: null,
  },
  ConfirmResponseSchema: { status: 'confirmed' },
  DeclineRequestSchema: { reason: 'not_mine', note: ' 有人冒用 ' },
  DeclineResponseSchema: { status: 'declined' },
  ServiceInfoResponseSchema: {
    platforms: ['alipay', 'h5'],
    platformsFaqAnswer: '目前版本',
    supportQrUrl: '/qr.png',
    supportQrPlaceholder: true,
  },
  SandboxOutcomeResponseSchema: { outcome: 'fail' },
};

/** What both APIs have: the schema, and its own safeParse. */
type Schema = z.core.$ZodType & {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: z.core.$ZodError };
};

const twins = Object.entries(mini).map(([name, schema]) => ({
  name: name as keyof MiniExports,
  mini: schema as Schema,
  classic: (classic as Record<string, unknown>)[name] as Schema,
}));

/** The same answer from both: the parsed data, or the same issues (codes, paths, words). */
function expectSameAnswer(original: Schema, twin: Schema, value: unknown) {
  const expected = original.safeParse(value);
  const actual = twin.safeParse(value);
  expect(actual.success ? { data: actual.data } : { issues: actual.error.issues }).toEqual(
    expected.success ? { data: expected.data } : { issues: expected.error.issues },
  );
}

/** The value with one part broken at a time: each key left out, and each one of the wrong type. */
function brokenCopies(value: unknown): unknown[] {
  const wrong = [undefined, null, 0, -1.5, '', 'x', true, [], {}];
  if (Array.isArray(value))
    return [...wrong, ...value.flatMap((item, i) => brokenCopies(item).map((b) => value.map((v, j) => (j === i ? b : v))))];
  if (value === null || typeof value !== 'object') return wrong;
  const entries = Object.entries(value);
  return [
    ...wrong,
    ...entries.map(([key]) => Object.fromEntries(entries.filter(([k]) => k !== key))),
    ...entries.flatMap(([key, v]) => brokenCopies(v).map((b) => ({ ...value, [key]: b }))),
  ];
}

describe('@regverify/shared/mini', () => {
  it('has only twins of schemas in ../schemas, each with a sample', () => {
    expect(sameTypes).toBe(true);
    for (const { name, classic: original } of twins) {
      expect({ name, hasOriginal: original instanceof Object && '_zod' in original }).toEqual({ name, hasOriginal: true });
      expect(Object.keys(samples)).toContain(name);
    }
  });

  it.each(twins.map((t) => [t.name, t]))(
    '%s has the JSON Schema of its original, in and out',
    (_name, { mini: twin, classic: original }) => {
      for (const io of ['input', 'output'] as const) {
        expect(z.toJSONSchema(twin, { io, unrepresentable: 'any' })).toEqual(z.toJSONSchema(original, { io, unrepresentable: 'any' }));
      }
    },
  );

  it.each(twins.map((t) => [t.name, t]))('%s answers like its original for its sample and every broken copy', (name, t) => {
    const sample = samples[name as keyof MiniExports];
    expect(t.classic.safeParse(sample).success).toBe(true);
    for (const value of [sample, ...brokenCopies(sample)]) expectSameAnswer(t.classic, t.mini, value);
  });

  it('answers like the originals for random input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        for (const t of twins) expectSameAnswer(t.classic, t.mini, value);
      }),
      { numRuns: 300 },
    );
  });

  // The words people read come from the requests' checks: typed names, card numbers and notes.
  const typed = fc.string({
    unit: fc.constantFrom(...'张三欧阳·娜 \t\n0123456789Xx!@#，。（）【】abc-_'.split(''), '\u0007', '\u3000'),
    maxLength: 70,
    size: 'max',
  });

  it('checks typed names, card numbers, phones and notes with the same words', () => {
    fc.assert(
      fc.property(typed, fc.boolean(), (text, digitsOnly) => {
        const digits = digitsOnly ? text.replace(/[^\d ]/g, '') : text;
        expectSameAnswer(classic.PersonNameSchema, mini.PersonNameSchema, text);
        expectSameAnswer(classic.BankCardCheckRequestSchema, mini.BankCardCheckRequestSchema, { cardNumber: digits, phone: digits });
        expectSameAnswer(classic.DeclineRequestSchema, mini.DeclineRequestSchema, { reason: 'content_wrong', note: text.repeat(4) });
      }),
      { numRuns: 500 },
    );
    expectSameAnswer(classic.BankCardCheckRequestSchema, mini.BankCardCheckRequestSchema, { cardNumber: card, phone: '1380013800' });
    expectSameAnswer(classic.BankCardCheckRequestSchema, mini.BankCardCheckRequestSchema, { cardNumber: `${card}0` });
  });
});
