import { createHash } from 'node:crypto';

/** Text for HTML content and quoted attribute values. Everything put into a page goes through it. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A `<script type="application/json">` body: JSON that cannot close the element or start a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root{--ink:#1f2329;--muted:#5c6470;--line:#dfe3ea;--bg:#f3f5f8;--card:#fff;--brand:#0b4ea2;--brand-dark:#083b7a;
--done:#16794a;--done-bg:#e5f4ec;--pending:#8a5a00;--pending-bg:#fff4db;--review:#1b5fb3;--review-bg:#e6effb;--over:#6b7280;--over-bg:#eef0f3;--danger:#b42318}
*{box-sizing:border-box}
html{font-size:16px}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.6;
font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif}
a{color:var(--brand)}
.topbar{background:var(--brand);color:#fff}
.topbar .wrap{display:flex;align-items:center;gap:12px;height:56px}
.brand{font-size:1.15rem;font-weight:600;letter-spacing:.04em}
.tag{font-size:.8rem;border:1px solid rgba(255,255,255,.6);border-radius:4px;padding:0 6px}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
main.wrap{padding-top:24px;padding-bottom:48px}
h1{font-size:1.6rem;margin:0 0 4px}
.lead{color:var(--muted);margin:0 0 20px}
.grid{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:20px;align-items:start}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:20px 24px;margin-bottom:20px}
.card h2{font-size:1.1rem;margin:0 0 14px;padding-left:10px;border-left:4px solid var(--brand);line-height:1.2}
.facts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:12px 24px;margin:0}
.facts div{min-width:0}
.facts dt{color:var(--muted);font-size:.875rem}
.facts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:10px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
thead th{font-size:.875rem;color:var(--muted);font-weight:600;background:#f8f9fb;white-space:nowrap}
tbody th{font-weight:600}
td.nowrap,td.mono{white-space:nowrap}
td.mono,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}
th .sub{display:block;font-weight:400;color:var(--muted);font-size:.85rem}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.875rem;font-weight:600;white-space:nowrap}
.tone-done{color:var(--done);background:var(--done-bg)}
.tone-pending{color:var(--pending);background:var(--pending-bg)}
.tone-review{color:var(--review);background:var(--review-bg)}
.tone-over,.tone-none{color:var(--over);background:var(--over-bg)}
.docs{margin:0;padding-left:1.4em}
.docs li{padding:4px 0}
.docs .mono{color:var(--muted);margin-left:8px;font-size:.8rem}
.note{color:var(--muted);font-size:.875rem;margin:10px 0 0}
.submit-card{position:sticky;top:16px}
.status-word{font-size:1.5rem;font-weight:700;margin:0}
.status-word.tone-done{color:var(--done);background:none}
.status-word.tone-pending{color:var(--pending);background:none}
.status-word.tone-over{color:var(--over);background:none}
progress{width:100%;height:10px;margin:10px 0 2px;appearance:none;border:none;border-radius:5px;background:var(--over-bg);overflow:hidden}
progress::-webkit-progress-bar{background:var(--over-bg);border-radius:5px}
progress::-webkit-progress-value{background:var(--done);border-radius:5px;transition:width .3s}
progress::-moz-progress-bar{background:var(--done)}
.progress-text{margin:0;color:var(--muted)}
.progress-text b{color:var(--ink)}
button,.button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid var(--brand);padding:10px 20px;font-weight:600}
.primary{background:var(--brand);color:#fff;min-height:48px}
.primary:hover:not(:disabled){background:var(--brand-dark)}
.secondary{background:#fff;color:var(--brand)}
button:disabled{cursor:not-allowed;background:#c9ced6;border-color:#c9ced6;color:#fff}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
#submit{width:100%;margin-top:16px;font-size:1.15rem;letter-spacing:.2em}
#submit.done{background:var(--done);border-color:var(--done)}
.reason{font-size:.875rem;color:var(--muted);margin:8px 0 0}
.conn{display:flex;align-items:center;gap:8px;margin:14px 0 0;padding-top:12px;border-top:1px solid var(--line);font-size:.875rem;color:var(--muted)}
.dot{width:10px;height:10px;border-radius:50%;background:var(--pending);flex:none}
.conn[data-state=connected] .dot{background:var(--done)}
.conn[data-state=reconnecting] .dot,.conn[data-state=unauthorized] .dot{background:var(--danger)}
.qr{display:block;width:200px;height:200px;margin:0 auto}
.qr-card{text-align:center}
.qr-card h2{text-align:left}
.caption{font-weight:600;margin:10px 0 0}
.codes{display:flex;flex-wrap:wrap;justify-content:center;gap:16px}
.code{margin:0;flex:1 1 200px}
.sandbox{background:var(--review-bg);color:var(--review);border-radius:6px;padding:8px 12px;font-size:.875rem;text-align:left;margin:12px 0 0}
.alert{border-radius:6px;padding:10px 14px;margin:12px 0 0;background:#fdecea;color:var(--danger);font-weight:600}
.alert:empty{display:none}
.success{background:var(--done-bg);color:var(--done)}
.form-grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px 24px}
label{display:block;font-size:.875rem;line-height:1.6;color:var(--muted);margin-bottom:4px;font-weight:600}
input,select{font:inherit;width:100%;height:42px;padding:0 10px;border:1px solid #b8bfca;border-radius:6px;background:#fff;color:var(--ink)}
input.mono{font-size:1rem}
input[aria-invalid=true],select[aria-invalid=true]{border-color:var(--danger);box-shadow:0 0 0 1px var(--danger)}
fieldset{border:1px solid var(--line);border-radius:8px;padding:12px 16px 16px;margin:0 0 14px}
legend{font-weight:700;padding:0 6px}
.person{display:grid;grid-template-columns:1.1fr 1.6fr 2fr 1.6fr auto;gap:12px;align-items:start}
.person .remove{padding:8px 12px;height:42px;margin-top:calc(.875rem * 1.6 + 4px)}
.error-summary{border:1px solid var(--danger);border-left-width:6px;background:#fdecea;color:var(--danger);border-radius:8px;padding:14px 24px;margin-bottom:20px}
.error-summary:focus{outline:none;box-shadow:0 0 0 3px rgba(180,35,24,.25)}
.error-summary p{margin:0 0 6px;font-weight:700}
.error-summary ul{margin:0;padding-left:1.2em}
.error-summary a{color:var(--danger)}
.field-error{color:var(--danger);font-size:.8rem;margin:4px 0 0}
.actions{display:flex;gap:12px;align-items:center;margin-top:8px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
footer{color:var(--muted);font-size:.8rem;text-align:center;padding:0 0 32px}
`;

const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

/**
 * Only the BFF's own scripts, the one style block above, the BFF's own socket: nothing external,
 * nothing injected can run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src ${CSS_HASH}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A whole page: title, header bar, the body, and the page's scripts (paths on the BFF). */
export function layout(props: { title: string; body: string; scripts?: string[] }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(props.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="topbar"><div class="wrap"><span class="brand">全程电子化服务平台</span><span class="tag">演示</span></div></header>
<main class="wrap">
${props.body}
</main>
<footer>登记注册身份验证 · 演示门户（沙箱数据，非真实业务）</footer>
${(props.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}"></script>`).join('\n')}
</body>
</html>
`;
}
