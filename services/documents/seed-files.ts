import type { Knex } from 'knex';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileStore } from '../../lib/files/store.js';

/** A minimal one-page PDF that shows one line of text (for the demo documents). */
export function onePagePdf(text: string): Buffer {
  const safe = text.replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`;
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
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Gives each of the seeded documents its first version, a PDF of its title, kept in the file store. */
export async function seedVersions(db: Knex, store: FileStore, documentIds: string[]) {
  for (const documentId of documentIds) {
    const d = await db('documents').where({ id: documentId }).first();
    const pdf = onePagePdf(d.title);
    const versionId = randomUUID();
    const fileId = randomUUID();
    const key = `documents/${documentId}/${fileId}`;
    await store.put(key, Readable.from([pdf]), { maxBytes: pdf.length, contentType: 'application/pdf' });
    await db('document_versions').insert({ id: versionId, document_id: documentId, number: 1, created_by_name: 'Olivia Grant' });
    await db('document_files').insert({
      id: fileId,
      document_id: documentId,
      version_id: versionId,
      storage_key: key,
      name: `${d.title}.pdf`,
      content_type: 'application/pdf',
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
  }
}
