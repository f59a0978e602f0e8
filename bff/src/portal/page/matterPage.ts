import type { MatterView } from '@regverify/shared';
import { escapeHtml, jsonForScript, layout } from './html';
import { CONNECTION_WORDS, formatTime, ID_TYPE_LABELS, matterWord, participantCells, submitButton, type Word } from './words';

export interface MatterPageProps {
  view: MatterView;
  /** The mini-program entry: the QR code's text (the H5 preview in the sandbox). */
  qrText: string;
  /** The QR code of `qrText` as an SVG document (from the `qrcode` library); null where Alipay is not a platform. */
  qrSvg: string | null;
  /** Where the matter's WeChat mini-program code is served; null where WeChat is not a platform. */
  weappCode: string | null;
  /** True with the sandbox identity provider: the QR code opens the H5 preview. */
  sandbox: boolean;
  /** Where the page's own scripts are served. */
  scripts: string[];
}

/** A person by name; an organization by name, masked code and the representative who acts for it. */
const who = (p: MatterView['participants'][number]) =>
  p.kind === 'organization'
    ? `${escapeHtml(p.name)}<span class="sub mono">${escapeHtml(p.usccMasked ?? '')}</span><span class="sub">代表人：${escapeHtml(p.representative?.name ?? '')}</span>`
    : escapeHtml(p.name);

const badge = (w: Word, attrs = '') => `<span class="badge tone-${w.tone}"${attrs}>${escapeHtml(w.text)}</span>`;

/**
 * The portal's 提交 page for one matter, complete as served (it reads fine without script); the
 * page script then keeps it live through the SDK. Elements the script updates carry `data-live`.
 */
export function renderMatterPage({ view, qrText, qrSvg, weappCode, sandbox, scripts }: MatterPageProps): string {
  const status = matterWord(view);
  const submit = submitButton(view);
  const alipayLabel = sandbox ? '小程序 H5 预览二维码' : '支付宝小程序码';
  const svg = qrSvg
    ?.replace(/<\?xml[^>]*>/, '')
    .replace('<svg ', `<svg class="qr" role="img" aria-label="${alipayLabel}" focusable="false" `);
  const codes = [
    svg
      ? `<figure class="code">${svg}<figcaption class="caption">${sandbox ? '演示：用手机浏览器扫码打开 H5 预览' : '请使用支付宝扫码进入“登记注册身份验证”小程序'}</figcaption></figure>`
      : '',
    weappCode
      ? `<figure class="code"><img class="qr" src="${escapeHtml(weappCode)}" width="200" height="200" alt="微信小程序码"><figcaption class="caption">${sandbox ? '演示：微信小程序码（沙箱绘制的替身）' : '请使用微信扫码进入“登记注册身份验证”小程序'}</figcaption></figure>`
      : '',
  ].join('');

  const rows = view.participants
    .map((p, i) => {
      const cells = participantCells(p, view.status);
      return `<tr data-task="${escapeHtml(p.taskId)}">
<td>${i + 1}</td>
<th scope="row">${who(p)}</th>
<td>${escapeHtml(ID_TYPE_LABELS[p.idType] ?? p.idType)}</td>
<td class="mono">${escapeHtml(p.idNumberMasked)}</td>
<td>${escapeHtml(p.roles.join('、'))}</td>
<td data-live="verify">${badge(cells.verify)}</td>
<td data-live="sign">${badge(cells.sign)}</td>
</tr>`;
    })
    .join('\n');

  const documents = (view.documents ?? [])
    .map(
      (d) =>
        `<li><span>${escapeHtml(d.name)}</span><span class="mono" title="SHA-256 ${escapeHtml(d.sha256)}">${escapeHtml(d.sha256.slice(0, 12))}…</span></li>`,
    )
    .join('');

  const body = `
<h1>业务提交</h1>
<p class="lead">所涉人员均须通过“登记注册身份验证”小程序完成实名认证和签名后，方可提交业务（一人一事一认证）。</p>
<div class="grid">
<div>
<section class="card" aria-labelledby="h-matter">
<h2 id="h-matter">业务信息</h2>
<dl class="facts">
<div><dt>业务类型</dt><dd>${escapeHtml(view.kind)}</dd></div>
<div><dt>主体名称</dt><dd>${escapeHtml(view.entityName)}</dd></div>
<div><dt>业务编号</dt><dd class="mono">${escapeHtml(view.portalRef)}</dd></div>
<div><dt>有效期至</dt><dd>${escapeHtml(formatTime(view.expiresAt))}</dd></div>
</dl>
</section>
<section class="card" aria-labelledby="h-people">
<h2 id="h-people">人员实名认证与签名情况</h2>
<table>
<caption class="sr-only">所涉人员及其实名认证、签名状态（自动更新）</caption>
<thead><tr><th scope="col">序号</th><th scope="col">姓名（名称）</th><th scope="col">证件类型</th><th scope="col">证件号码</th><th scope="col">角色</th><th scope="col">实名认证</th><th scope="col">签名</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">姓名与证件号码已脱敏显示；企业股东等单位由其代表人认证和签名，证件为代表人的证件。华侨持用护照、外国人永久居留身份证等无法在线核验的证件，须到登记窗口人工核验（待人工核验）。</p>
</section>
<section class="card" aria-labelledby="h-docs">
<h2 id="h-docs">申请文件</h2>
<ol class="docs" data-live="documents">${documents}</ol>
<p class="note">所涉人员确认的是以上文件；重新生成文件后，已完成的确认将失效，须重新确认。</p>
</section>
</div>
<aside>
<section class="card submit-card" aria-labelledby="h-submit">
<h2 id="h-submit">提交业务</h2>
<div aria-live="polite" aria-atomic="true">
<p class="status-word tone-${status.tone}" data-live="status">${escapeHtml(status.text)}</p>
<progress data-live="bar" max="${view.progress.total}" value="${view.progress.done}" aria-label="完成进度"></progress>
<p class="progress-text">已完成 <b data-live="progress">${view.progress.done}/${view.progress.total}</b> 人</p>
</div>
<button type="button" id="submit" class="primary${view.status === 'submitted' ? ' done' : ''}"${submit.enabled ? '' : ' disabled aria-disabled="true"'} aria-describedby="submit-reason">${escapeHtml(submit.label)}</button>
<p id="submit-reason" class="reason" data-live="reason">${escapeHtml(submit.reason)}</p>
<p id="submit-message" class="alert" role="alert"></p>
<p class="conn" data-live="connection" data-state="connecting" role="status"><span class="dot" aria-hidden="true"></span><span>实时状态：<span data-live="connection-word">${CONNECTION_WORDS.connecting}</span></span></p>
</section>
<section class="card qr-card" aria-labelledby="h-qr">
<h2 id="h-qr">扫码认证</h2>
<div class="codes">${codes}</div>
<p class="note">每位所涉人员在手机上录入身份信息、刷脸核验，并对本业务确认签名。</p>
${
  sandbox
    ? `<p class="sandbox">演示环境：二维码打开的是小程序的 H5 预览版（沙箱刷脸）。<br><a href="${escapeHtml(qrText)}" target="_blank" rel="noopener">在浏览器中打开 H5 预览</a></p>`
    : ''
}
</section>
</aside>
</div>
<script type="application/json" id="matter-data">${jsonForScript({ view })}</script>`;

  return layout({ title: `业务提交 · ${view.entityName}`, body, scripts });
}

/** The page for a matter that does not exist here (or belongs to another tenant). */
export function renderNotFoundPage(): string {
  return layout({
    title: '未找到业务',
    body: `<h1>未找到该业务</h1><section class="card"><p>业务不存在、已被删除，或不属于演示门户。请核对链接。</p></section>`,
  });
}
