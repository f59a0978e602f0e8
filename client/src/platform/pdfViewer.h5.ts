/**
 * The H5 preview's in-page PDF view: a full-screen dialog over the page with the document in an
 * iframe (the browser's own PDF viewer) and a 关闭 button. Built with the DOM because it lives
 * outside the React tree, like a mini-program's native document viewer; the bytes stay in memory
 * (a blob URL revoked on closing), never in storage.
 */
export function showPdfInPage(pdf: Blob, title: string): void {
  // 长辈模式 (its class is on the page): the bar's text and button as large as the page's.
  const elder = !!document.querySelector('.page--elder');
  const url = URL.createObjectURL(pdf.type === 'application/pdf' ? pdf : new Blob([pdf], { type: 'application/pdf' }));
  const opener = document.activeElement as HTMLElement | null;
  const dialog = document.createElement('div');
  dialog.className = 'pdf-viewer';
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-label', title);
  Object.assign(dialog.style, {
    position: 'fixed',
    inset: '0',
    zIndex: '10000',
    display: 'flex',
    flexDirection: 'column',
    background: '#ffffff',
  });

  const bar = document.createElement('div');
  Object.assign(bar.style, {
    display: 'flex',
    alignItems: 'center',
    gap: '12px',
    padding: '8px 12px',
    borderBottom: '1px solid #d0d3d6',
  });
  const heading = document.createElement('h2');
  heading.textContent = title;
  Object.assign(heading.style, { flex: '1', margin: '0', fontSize: elder ? '22px' : '17px', color: '#1f2329', fontWeight: '600' });
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'pdf-viewer__close';
  close.textContent = '关闭';
  Object.assign(close.style, {
    minWidth: elder ? '88px' : '64px',
    minHeight: elder ? '60px' : '44px',
    fontSize: elder ? '20px' : '17px',
    color: '#ffffff',
    background: '#1456c8',
    border: '0',
    borderRadius: '8px',
  });
  bar.append(heading, close);

  const frame = document.createElement('iframe');
  frame.className = 'pdf-viewer__frame';
  frame.title = title;
  frame.src = url;
  Object.assign(frame.style, { flex: '1', width: '100%', border: '0' });

  const dismiss = () => {
    dialog.remove();
    URL.revokeObjectURL(url);
    document.removeEventListener('keydown', onKey);
    opener?.focus?.();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') dismiss();
  };
  close.addEventListener('click', dismiss);
  document.addEventListener('keydown', onKey);
  dialog.append(bar, frame);
  document.body.append(dialog);
  close.focus();
}
