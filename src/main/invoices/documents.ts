/**
 * Owns the archive of issued documents (table `documents`, migration 0007): the exact bytes of every
 * PDF that left the practice, with its SHA-256, written once and never changed (triggers refuse
 * updates and deletes). Viewing, printing, exporting and emailing read these bytes; nothing renders
 * an issued document again, so a later change to labels, layout or pdfkit cannot change it.
 */
import type { DocumentInfo, DocumentKind } from '../../shared/contract/invoices.js';
import { appVersion } from '../platform/version.js';
import { newId } from '../platform/ids.js';
import { sha256Hex } from '../platform/hash.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';

export interface StoredDocument extends DocumentInfo {
  id: string;
  invoiceId: string;
  content: Buffer;
}

export interface NewDocument {
  invoiceId: string;
  kind: DocumentKind;
  fileName: string;
  content: Buffer;
  /** 'later': an invoice issued before documents were archived, rendered from its snapshot on first need. */
  archived: 'at_issue' | 'later';
  createdAt: string;
}

interface DocumentRow {
  id: string; invoice_id: string; kind: DocumentInfo['kind']; file_name: string; content: Buffer; sha256: string; created_at: string;
  archived: 'at_issue' | 'later';
}


function info(r: Omit<DocumentRow, 'content'>): DocumentInfo {
  return { kind: r.kind, fileName: r.file_name, sha256: r.sha256, createdAt: r.created_at, archivedLater: r.archived === 'later' };
}

function stored(r: DocumentRow): StoredDocument {
  return { ...info(r), id: r.id, invoiceId: r.invoice_id, content: r.content };
}

export class Documents {
  constructor(private readonly db: Db) {}

  /**
   * Stores a document. Inside the transaction that issues or cancels, a second one of the same kind
   * is a bug and fails (UNIQUE); `ifAbsent` is for archiving an old invoice lazily, where two callers
   * may render the same document at once: the first one stored is the one kept.
   */
  insert(doc: NewDocument, options: { ifAbsent?: boolean } = {}): void {
    cached(this.db, `INSERT INTO documents (id, invoice_id, kind, seq, file_name, media_type, content, sha256, created_at, archived, app_version)
                     VALUES (@id, @invoiceId, @kind, 1, @fileName, 'application/pdf', @content, @sha256, @createdAt, @archived, @appVersion)
                     ${options.ifAbsent ? 'ON CONFLICT (invoice_id, kind, seq) DO NOTHING' : ''}`)
      .run({ ...doc, id: newId(), sha256: sha256Hex(doc.content), appVersion });
  }

  get(invoiceId: string, kind: DocumentKind): StoredDocument | null {
    const row = cached(this.db, 'SELECT * FROM documents WHERE invoice_id = ? AND kind = ? AND seq = 1').get(invoiceId, kind) as DocumentRow | undefined;
    return row ? stored(row) : null;
  }

  /** What is archived of that kind, without the bytes. */
  info(invoiceId: string, kind: DocumentKind): DocumentInfo | null {
    const row = cached(this.db, 'SELECT kind, file_name, sha256, created_at, archived FROM documents WHERE invoice_id = ? AND kind = ? AND seq = 1')
      .get(invoiceId, kind) as Omit<DocumentRow, 'content' | 'id' | 'invoice_id'> | undefined;
    return row ? info({ ...row, id: '', invoice_id: invoiceId }) : null;
  }

  /** The invoice's document with exactly this hash (what an outbox row pinned), if it is archived. */
  withHash(invoiceId: string, sha256: string): StoredDocument | null {
    const row = cached(this.db, 'SELECT * FROM documents WHERE invoice_id = ? AND sha256 = ?').get(invoiceId, sha256) as DocumentRow | undefined;
    return row ? stored(row) : null;
  }

  /** What is archived for the invoice, without the bytes, oldest first. */
  list(invoiceId: string): DocumentInfo[] {
    const rows = cached(this.db, 'SELECT kind, file_name, sha256, created_at, archived FROM documents WHERE invoice_id = ? ORDER BY created_at, rowid')
      .all(invoiceId) as Omit<DocumentRow, 'content' | 'id' | 'invoice_id'>[];
    return rows.map((r) => info({ ...r, id: '', invoice_id: invoiceId }));
  }
}

/**
 * For backups (src/main/backup): up to `limit` archived documents after `afterRowid`, each with the
 * hash it was archived with and whether its bytes still have that hash (read only with `contents`);
 * where to go on (null: done). In batches, so that reading every PDF of a large archive never holds the app for long.
 */
export function documentBatch(db: Db, afterRowid: number, limit: number, contents = true): { next: number | null; rows: { id: string; sha256: string; intact: boolean; kind: string; number: string }[] } {
  const rows = db
    .prepare(`SELECT d.rowid AS r, d.id, d.sha256, ${contents ? 'd.content' : 'NULL AS content'}, d.kind, i.number FROM documents d JOIN invoices i ON i.id = d.invoice_id
              WHERE d.rowid > ? ORDER BY d.rowid LIMIT ?`)
    .all(afterRowid, limit) as { r: number; id: string; sha256: string; content: Buffer | null; kind: string; number: string | null }[];
  return {
    next: rows.length === limit ? rows[rows.length - 1]!.r : null,
    // The invoice's number names a damaged document to the user.
    rows: rows.map((row) => ({ id: row.id, sha256: row.sha256, intact: row.content === null || sha256Hex(row.content) === row.sha256, kind: row.kind, number: row.number ?? '' })),
  };
}
