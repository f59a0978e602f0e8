import { computeCheckCharacter, ID_TYPES, ID_TYPE_LABELS, type IdType } from '@regverify/shared';
import { escapeHtml, layout } from './html';

export const MAX_PEOPLE = 5;
export const KINDS = ['设立登记', '变更登记', '备案', '注销登记'] as const;
export const ROLE_SUGGESTIONS = ['法定代表人', '股东', '董事', '监事', '经理', '财务负责人', '联络员', '委托代理人'];

export interface PersonFields {
  name: string;
  idType: string;
  idNumber: string;
  roles: string;
}

export interface DemoFormValues {
  kind: string;
  entityName: string;
  people: PersonFields[];
}

/** Form field name → Chinese message; field names as in the form (`people[1][idNumber]`, `kind`). */
export type FieldErrors = Record<string, string>;

/**
 * A resident ID number that passes every check of `validateIdNumber` yet cannot belong to anyone:
 * 419999 is no county of Henan (41); the birth date and sequence are real-looking, the check
 * character computed.
 */
const unissuedResidentId = (birth: string, sequence: string) => {
  const first17 = `419999${birth}${sequence}`;
  return first17 + computeCheckCharacter(first17);
};

/** Sample people: the public test number of the ID standard first, then unissued numbers. */
export const SAMPLE_PEOPLE: PersonFields[] = [
  { name: '张三', idType: 'resident_id', idNumber: '11010519491231002X', roles: '法定代表人、股东' },
  { name: '李四', idType: 'resident_id', idNumber: unissuedResidentId('19850315', '012'), roles: '监事' },
  { name: '王五', idType: 'resident_id', idNumber: unissuedResidentId('19900720', '023'), roles: '财务负责人' },
  { name: '赵六', idType: 'resident_id', idNumber: unissuedResidentId('19780101', '034'), roles: '联络员' },
  { name: '孙七', idType: 'resident_id', idNumber: unissuedResidentId('19951111', '045'), roles: '委托代理人' },
];

export const DEFAULT_VALUES: DemoFormValues = { kind: '设立登记', entityName: '郑州示例科技有限公司', people: SAMPLE_PEOPLE.slice(0, 3) };

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Form fields from a parsed body (form-encoded through qs, or JSON of the same shape). */
export function formValues(body: unknown): DemoFormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const rawPeople = b.people && typeof b.people === 'object' ? Object.values(b.people as object) : [];
  return {
    kind: text(b.kind),
    entityName: text(b.entityName),
    people: rawPeople.map((p) => {
      const person = (p ?? {}) as Record<string, unknown>;
      const roles = Array.isArray(person.roles) ? person.roles.map(text).join('、') : text(person.roles);
      return { name: text(person.name), idType: text(person.idType), idNumber: text(person.idNumber), roles };
    }),
  };
}

/** `法定代表人、股东` / `法定代表人,股东` / `法定代表人 股东` → the list of roles. */
export const splitRoles = (roles: string): string[] =>
  roles
    .split(/[、,，;；\s]+/)
    .map((r) => r.trim())
    .filter(Boolean);

/** The form field a `CreateMatterRequest` issue path points at. */
export function fieldOfIssue(path: ReadonlyArray<PropertyKey>): string {
  if (path[0] === 'participants') return typeof path[1] === 'number' ? `people[${path[1]}][${String(path[2] ?? 'name')}]` : 'people';
  return String(path[0] ?? 'form');
}

const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  idType: '证件类型',
  idNumber: '证件号码',
  roles: '角色',
  kind: '业务类型',
  entityName: '主体名称',
};

/** "人员2 证件号码" for `people[1][idNumber]`. */
function labelOf(field: string): string {
  const m = /^people\[(\d+)\]\[(\w+)\]$/.exec(field);
  if (m) return `人员${Number(m[1]) + 1} ${FIELD_LABELS[m[2]] ?? ''}`.trim();
  return FIELD_LABELS[field] ?? '';
}

function fieldId(field: string): string {
  if (field === 'people') return 'h-people';
  return `f-${field.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/** Attributes of an input with its label id and, when it has one, its error. */
function fieldAttrs(field: string, errors: FieldErrors): string {
  const id = fieldId(field);
  return `id="${id}" name="${escapeHtml(field)}"${errors[field] ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}`;
}

const fieldError = (field: string, errors: FieldErrors) =>
  errors[field] ? `<p class="field-error" id="${fieldId(field)}-error">${escapeHtml(errors[field])}</p>` : '';

function personFieldset(i: number, p: PersonFields, errors: FieldErrors, active: boolean): string {
  const f = (name: keyof PersonFields) => `people[${i}][${name}]`;
  const options = ID_TYPES.map(
    (t: IdType) => `<option value="${t}"${p.idType === t ? ' selected' : ''}>${escapeHtml(ID_TYPE_LABELS[t])}</option>`,
  ).join('');
  return `<fieldset class="person-set" data-index="${i}"${active ? '' : ' hidden disabled'}>
<legend>人员${i + 1}</legend>
<div class="person">
<div><label for="${fieldId(f('name'))}">姓名</label><input ${fieldAttrs(f('name'), errors)} value="${escapeHtml(p.name)}" autocomplete="off" required maxlength="64">${fieldError(f('name'), errors)}</div>
<div><label for="${fieldId(f('idType'))}">证件类型</label><select ${fieldAttrs(f('idType'), errors)}>${options}</select>${fieldError(f('idType'), errors)}</div>
<div><label for="${fieldId(f('idNumber'))}">证件号码</label><input ${fieldAttrs(f('idNumber'), errors)} value="${escapeHtml(p.idNumber)}" autocomplete="off" required maxlength="32" class="mono" spellcheck="false">${fieldError(f('idNumber'), errors)}</div>
<div><label for="${fieldId(f('roles'))}">角色</label><input ${fieldAttrs(f('roles'), errors)} value="${escapeHtml(p.roles)}" list="role-suggestions" required maxlength="100">${fieldError(f('roles'), errors)}</div>
<div><button type="button" class="secondary remove" data-remove hidden aria-label="删除人员${i + 1}">删除</button></div>
</div>
</fieldset>`;
}

/**
 * The demo portal's 新建业务 form: 1 to 5 people, prefilled with sample data. Works as a plain form;
 * its script only adds and removes people. `errors` come back from a refused submission.
 */
export function renderDemoForm(props: { values: DemoFormValues; errors?: FieldErrors; scripts: string[] }): string {
  const { values } = props;
  const errors = props.errors ?? {};
  const count = Math.min(MAX_PEOPLE, Math.max(1, values.people.length));
  const fieldsets = Array.from({ length: MAX_PEOPLE }, (_, i) =>
    personFieldset(i, values.people[i] ?? SAMPLE_PEOPLE[i], errors, i < count),
  ).join('\n');
  const errorList = Object.entries(errors)
    .map(
      ([field, message]) => `<li><a href="#${fieldId(field)}">${escapeHtml([labelOf(field), message].filter(Boolean).join('：'))}</a></li>`,
    )
    .join('');
  const kindOptions = KINDS.map((k) => `<option${values.kind === k ? ' selected' : ''}>${escapeHtml(k)}</option>`).join('');

  const body = `
<h1>新建演示业务</h1>
<p class="lead">登记演示业务及其所涉人员（1至5名），随后进入该业务的提交页面，扫码在小程序中完成实名认证与签名。</p>
${errorList ? `<section class="error-summary" role="alert" tabindex="-1" id="form-errors"><p>请修改以下内容后重新提交：</p><ul>${errorList}</ul></section>` : ''}
<form method="post" action="/demo/matters" novalidate>
<section class="card" aria-labelledby="h-matter">
<h2 id="h-matter">业务信息</h2>
<div class="form-grid">
<div><label for="${fieldId('kind')}">业务类型</label><select ${fieldAttrs('kind', errors)}>${kindOptions}</select>${fieldError('kind', errors)}</div>
<div><label for="${fieldId('entityName')}">主体名称</label><input ${fieldAttrs('entityName', errors)} value="${escapeHtml(values.entityName)}" required maxlength="200">${fieldError('entityName', errors)}</div>
</div>
<p class="note">业务编号自动生成；申请文件为两份示例文件（公司登记（备案）申请书、公司章程）。</p>
</section>
<section class="card" aria-labelledby="h-people">
<h2 id="h-people">所涉人员</h2>
${fieldsets}
<datalist id="role-suggestions">${ROLE_SUGGESTIONS.map((r) => `<option value="${escapeHtml(r)}"></option>`).join('')}</datalist>
<div class="actions"><button type="button" class="secondary" id="add-person" hidden>添加人员</button><span class="note" id="people-count" aria-live="polite"></span></div>
<p class="note">示例证件号码均可通过校验，但不属于任何真实人员。在小程序（H5 预览）中须录入与此处相同的姓名、证件类型和证件号码；多个角色用顿号分隔。</p>
</section>
<div class="actions"><button type="submit" class="primary">创建业务并进入提交页面</button></div>
</form>`;
  return layout({ title: '新建演示业务', body, scripts: props.scripts });
}
