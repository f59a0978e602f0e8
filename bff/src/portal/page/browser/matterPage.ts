/// <reference lib="dom" />
/**
 * The demo portal page in the browser: follows the matter through the SDK (loaded before this as
 * `/portal-sdk.js`, global `RegverifyPortal`), re-renders what changed, and posts 提交 to the demo
 * portal's backend. Texts are set with `textContent` only.
 */
import type { MatterView } from '@regverify/shared';
import type { ConnectionStatus, connectMatter } from '../../sdk';
import { CONNECTION_WORDS, matterWord, participantCells, submitButton, type Word } from '../words';

declare const RegverifyPortal: { connectMatter: typeof connectMatter };

const $ = (selector: string, root: ParentNode = document) => root.querySelector<HTMLElement>(selector);

const dataElement = $('#matter-data');
let shown: MatterView = JSON.parse(dataElement?.textContent ?? '{}').view;
const base = `/demo/matters/${encodeURIComponent(shown.id)}`;
const button = $('#submit') as HTMLButtonElement;
const message = $('#submit-message')!;
const rows = new Map(Array.from(document.querySelectorAll<HTMLElement>('tr[data-task]'), (row) => [row.dataset.task, row]));

function setBadge(cell: Element | null, word: Word) {
  const badge = cell?.querySelector('.badge');
  if (!badge) return;
  badge.textContent = word.text;
  badge.className = `badge tone-${word.tone}`;
}

function setButton(view: MatterView, busy = false) {
  const state = submitButton(view);
  const enabled = state.enabled && !busy;
  button.disabled = !enabled;
  if (enabled) button.removeAttribute('aria-disabled');
  else button.setAttribute('aria-disabled', 'true');
  button.setAttribute('aria-busy', String(busy));
  button.textContent = busy ? '提交中…' : state.label;
  button.classList.toggle('done', view.status === 'submitted');
  $('[data-live=reason]')!.textContent = busy ? '正在提交，请稍候。' : state.reason;
}

/** Shows a view if it is newer than the one on the page (the SDK and the submit answer both feed it). */
function render(view: MatterView) {
  if (view.id !== shown.id || view.version <= shown.version) return;
  shown = view;
  const status = matterWord(view);
  const statusElement = $('[data-live=status]')!;
  statusElement.textContent = status.text;
  statusElement.className = `status-word tone-${status.tone}`;
  const bar = $('[data-live=bar]') as HTMLProgressElement;
  bar.max = view.progress.total;
  bar.value = view.progress.done;
  $('[data-live=progress]')!.textContent = `${view.progress.done}/${view.progress.total}`;
  for (const p of view.participants) {
    const row = rows.get(p.taskId);
    if (!row) continue;
    const cells = participantCells(p, view.status);
    setBadge($('[data-live=verify]', row), cells.verify);
    setBadge($('[data-live=sign]', row), cells.sign);
  }
  if (view.documents) {
    const list = $('[data-live=documents]')!;
    list.replaceChildren(
      ...view.documents.map((d) => {
        const item = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = d.name;
        const hash = document.createElement('span');
        hash.className = 'mono';
        hash.title = `SHA-256 ${d.sha256}`;
        hash.textContent = `${d.sha256.slice(0, 12)}…`;
        item.append(name, hash);
        return item;
      }),
    );
  }
  setButton(view);
}

function showConnection(status: ConnectionStatus) {
  const indicator = $('[data-live=connection]')!;
  indicator.dataset.state = status;
  $('[data-live=connection-word]')!.textContent = CONNECTION_WORDS[status];
  indicator.title = status === 'unauthorized' ? '查看凭证已失效，正在重新获取' : '';
}

async function getToken(): Promise<string> {
  const res = await fetch(`${base}/viewer-token`, { method: 'POST', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`viewer token: HTTP ${res.status}`);
  return (await res.json()).token;
}

async function submit() {
  message.textContent = '';
  message.classList.remove('success');
  setButton(shown, true);
  try {
    const res = await fetch(`${base}/submit`, { method: 'POST', headers: { accept: 'application/json' } });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      message.textContent = body?.error?.message ?? `提交失败（HTTP ${res.status}），请稍后重试。`;
      return;
    }
    render(body.matter);
    message.classList.add('success');
    message.textContent = '业务已提交。';
  } catch {
    message.textContent = '网络异常，提交失败，请稍后重试。';
  } finally {
    setButton(shown);
  }
}

button.addEventListener('click', () => void submit());
RegverifyPortal.connectMatter({ getToken, onChange: render, onStatus: showConnection });
