import { createHash } from 'node:crypto';
import type { ApiClient } from './client';

/**
 * A small, valid one-page PDF that says `label` (ASCII): what a portal uploads for a document the
 * people read before confirming. Different labels give different bytes and digests.
 */
export function pdfBytes(label: string): Buffer {
  const text = label.replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A document entry of a matter request whose PDF the portal uploads: name, digest, content type. */
export const pdfDocument = (name: string, bytes: Buffer) => ({ name, sha256: sha256Of(bytes), contentType: 'application/pdf' as const });

/** `PUT …/documents/:index/content` with the portal key: the answer's status and JSON body. */
export async function uploadContent(portal: ApiClient, matterId: string, index: number, bytes: Buffer, contentType = 'application/pdf') {
  const res = await portal.raw(`/api/portal/matters/${matterId}/documents/${index}/content`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${portal.token}`, 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
  };
}

/** `GET …/todos/:taskId/documents/:index/content` in the person's session: status, type and bytes. */
export async function openContent(person: ApiClient, taskId: string, index: number) {
  const res = await person.raw(`/api/mp/todos/${taskId}/documents/${index}/content`, {
    headers: { authorization: `Bearer ${person.token}` },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, contentType: res.headers.get('content-type'), bytes, headers: res.headers };
}
