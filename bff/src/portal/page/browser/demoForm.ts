/// <reference lib="dom" />
/**
 * The demo form in the browser: 添加人员 shows the next prepared person, 删除 removes one (the
 * people below move up). The form stays a plain form; hidden people are disabled, so not sent.
 */
const sets = Array.from(document.querySelectorAll<HTMLFieldSetElement>('fieldset.person-set'));
const addButton = document.querySelector<HTMLButtonElement>('#add-person')!;
const countNote = document.querySelector<HTMLElement>('#people-count')!;
const FIELDS = ['name', 'idType', 'idNumber', 'roles'];

const active = () => sets.filter((s) => !s.disabled);
const field = (set: HTMLFieldSetElement, name: string) => set.querySelector<HTMLInputElement | HTMLSelectElement>(`[name$="[${name}]"]`)!;

function refresh(announce = false) {
  const n = active().length;
  addButton.hidden = false;
  addButton.disabled = n >= sets.length;
  for (const set of sets) set.querySelector<HTMLButtonElement>('[data-remove]')!.hidden = n <= 1;
  if (announce) countNote.textContent = `共 ${n} 名人员（最多 ${sets.length} 名）`;
}

addButton.addEventListener('click', () => {
  const next = sets.find((s) => s.disabled);
  if (!next) return;
  next.disabled = false;
  next.hidden = false;
  refresh(true);
  field(next, 'name').focus();
});

for (const [index, set] of sets.entries()) {
  set.querySelector('[data-remove]')!.addEventListener('click', () => {
    const last = active().length - 1;
    // Move the people below up by one, then retire the last visible set (its values are kept for 添加人员).
    const spare = FIELDS.map((name) => field(sets[index], name).value);
    for (let i = index; i < last; i++) {
      for (const name of FIELDS) field(sets[i], name).value = field(sets[i + 1], name).value;
    }
    FIELDS.forEach((name, k) => (field(sets[last], name).value = spare[k]));
    sets[last].disabled = true;
    sets[last].hidden = true;
    refresh(true);
    field(sets[Math.min(index, last - 1)], 'name').focus();
  });
}

document.querySelector<HTMLElement>('#form-errors')?.focus();
refresh();
