/**
 * The tariff list imported from Excel (.xlsx) through the same API the settings screen uses:
 * real workbooks written in the test (write-excel-file), read with read-excel-file in main. The
 * heading below a title, codes typed as numbers, a changed text and a removed code in the preview,
 * texts with line breaks, a validity date in the file; and every way a file is refused (two sheets
 * with a table, a bad row named by sheet and row as Excel shows it, a corrupt ZIP, an old .xls, a
 * renamed file, a ZIP bomb, an upload too large), with nothing stored.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import { makeApp, type TestApp } from '../helpers/app.js';
import { setupPractice } from '../helpers/invoicing.js';
import { setupTarif590, tariffXlsx, testTariff2026 } from '../helpers/tarif590.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(() => app.cleanup());

const preview = async (name: string, bytes: Buffer, validFrom = '2027-01-01') => {
  const upload = await app.files!.putUpload(name, bytes);
  return { uploadId: upload.uploadId, input: { uploadId: upload.uploadId, label: 'Excel 2027', validFrom } };
};

describe('the tariff list from an Excel workbook', () => {
  test('the heading in row 3 under a title, codes typed as numbers: the preview shows the changed text, the added and the removed code and the service affected; the import stores it', async () => {
    const s = await setupTarif590(app);
    const next: [string, string, string, string][] = [
      testTariff2026[0]!,
      ['1002', 'Testmethode Zwei, geänderter Text (Prüfdaten)', testTariff2026[1]![2], testTariff2026[1]![3]],
      ['1004', 'Testmethode Vier (Prüfdaten)', 'Méthode test quatre', 'Metodo di prova quattro'],
    ];
    const { input } = await preview('tarif590-2027.xlsx', await tariffXlsx(next));
    const p = await app.call('tariff.previewImport', input);
    expect(p).toMatchObject({ comparedWith: 'Tarif 590 Testversion 2026', sheet: 'Tarif 590', entryCount: 3 });
    expect(p.added).toEqual([{ code: '1004', texts: { de: 'Testmethode Vier (Prüfdaten)', fr: 'Méthode test quatre', it: 'Metodo di prova quattro' } }]);
    expect(p.changed).toEqual([{ code: '1002', before: expect.objectContaining({ de: testTariff2026[1]![1] }), after: expect.objectContaining({ de: 'Testmethode Zwei, geänderter Text (Prüfdaten)' }) }]);
    expect(p.removed.map((e) => e.code)).toEqual(['1003']);
    expect(p.affectedServices).toEqual([]);
    expect((await app.call('tariff.versions', {})).length).toBe(1);

    // Without code 1001 the service using it is named before anything is stored.
    const without = await preview('ohne.xlsx', await tariffXlsx([testTariff2026[1]!]));
    expect((await app.call('tariff.previewImport', without.input)).affectedServices).toEqual([{ id: s.t1001.id, name: 'Testmethode Eins', code: '1001' }]);

    const imported = await app.call('tariff.import', input);
    expect(imported).toMatchObject({ validFrom: '2027-01-01', entryCount: 3, sourceName: 'tarif590-2027.xlsx' });
    expect((await app.call('tariff.entries', { date: '2027-01-01' })).entries).toEqual(next.map(([code, de, fr, it]) => ({ code, texts: { de, fr, it } })));
  });

  test('a code typed as a number keeps its four digits (a dropped leading zero comes back, 999 stays the free code); a text typed as "0999" stays as written; line breaks in a cell become spaces', async () => {
    await setupPractice(app);
    const { default: writeXlsxFile } = await import('write-excel-file/node');
    const bytes = await (writeXlsxFile as unknown as (d: unknown, o: unknown) => { toBuffer(): Promise<Buffer> })([
      ['Code', 'Text DE', 'Text FR', 'Text IT'],
      [1203, 'Erste Zeile\nzweite Zeile', 'Première ligne\r\nseconde', 'Prima riga'],
      [{ value: 123, type: Number, format: '0000' }, 'Mit Null', 'Avec zéro', 'Con zero'],
      [999, 'Nicht aufgeführt', 'Non listé', 'Non elencato'],
      ['0999', 'Als Text', 'Comme texte', 'Come testo'],
    ], { sheet: 'Liste' }).toBuffer();
    const { input } = await preview('zahlen.xlsx', bytes);
    const p = await app.call('tariff.previewImport', input);
    expect(p.added).toEqual([
      { code: '1203', texts: { de: 'Erste Zeile zweite Zeile', fr: 'Première ligne seconde', it: 'Prima riga' } },
      { code: '0123', texts: { de: 'Mit Null', fr: 'Avec zéro', it: 'Con zero' } },
      { code: '999', texts: { de: 'Nicht aufgeführt', fr: 'Non listé', it: 'Non elencato' } },
      { code: '0999', texts: { de: 'Als Text', fr: 'Comme texte', it: 'Come testo' } },
    ]);
  });

  test('a date beside "Gültig ab" above the table is the version\'s first day: another date is refused, that date is taken', async () => {
    await setupPractice(app);
    const bytes = await tariffXlsx([testTariff2026[0]!], { title: [['Tarif 590'], ['Gültig ab', { value: new Date(Date.UTC(2027, 0, 1)), type: Date, format: 'dd.mm.yyyy' }]] });
    const wrong = await preview('datiert.xlsx', bytes, '2026-07-01');
    expect(await app.fail('tariff.previewImport', wrong.input)).toMatchObject({ code: 'validation', details: { fields: [{ path: 'validFrom', key: 'v.tariff_valid_from_file', params: { date: '01.01.2027' } }] } });
    expect(await app.fail('tariff.import', wrong.input)).toMatchObject({ code: 'validation' });
    const right = await preview('datiert.xlsx', bytes, '2027-01-01');
    expect((await app.call('tariff.import', right.input)).validFrom).toBe('2027-01-01');
  });

  test('a bad row is refused naming the sheet and the row number as Excel shows it; unclear columns as in CSV; nothing is stored', async () => {
    await setupPractice(app);
    // Title in row 1, empty row 2, heading in row 3: the second data row is row 5.
    const badCode = await preview('bad.xlsx', await tariffXlsx([['1001', 'A', 'B', 'C'], ['12x', 'D', 'E', 'F']], { sheet: 'Positionen' }));
    expect(await app.fail('tariff.import', badCode.input)).toMatchObject({ code: 'tariff.xlsx_bad_code', details: { sheet: 'Positionen', row: 5, code: '12x' } });
    const noIt = await preview('noit.xlsx', await tariffXlsx([['1001', 'A', 'B', 'C'], ['1002', 'D', 'E', '']]));
    expect(await app.fail('tariff.import', noIt.input)).toMatchObject({ code: 'tariff.xlsx_text_missing_it', details: { sheet: 'Tarif 590', row: 5, code: '1002' } });
    const twice = await preview('twice.xlsx', await tariffXlsx([['1001', 'A', 'B', 'C'], ['1001', 'D', 'E', 'F']]));
    expect(await app.fail('tariff.import', twice.input)).toMatchObject({ code: 'tariff.xlsx_duplicate', details: { row: 5, code: '1001' } });
    const { default: writeXlsxFile } = await import('write-excel-file/node');
    const write = writeXlsxFile as unknown as (d: unknown) => { toBuffer(): Promise<Buffer> };
    const unclear = await preview('unclear.xlsx', await write([['Code', 'Text DE', 'Deutsch', 'Text FR', 'Text IT'], [1001, 'A', 'B', 'C', 'D']]).toBuffer());
    expect(await app.fail('tariff.previewImport', unclear.input)).toMatchObject({ code: 'tariff.csv_column_unclear', details: { heading: 'Deutsch' } });
    const noTable = await preview('notable.xlsx', await write([['Liste'], ['nur Text']]).toBuffer());
    expect((await app.fail('tariff.previewImport', noTable.input)).code).toBe('tariff.csv_columns');
    expect(await app.call('tariff.versions', {})).toEqual([]);
  });

  test('two sheets that both hold a tariff table are refused naming them; a sheet without one beside the table is fine', async () => {
    await setupPractice(app);
    const two = await preview('zwei.xlsx', await tariffXlsx([testTariff2026[0]!], { sheet: '2026', extraSheets: [{ sheet: '2027', data: [['Code', 'Text DE', 'Text FR', 'Text IT'], [1001, 'A', 'B', 'C']] }] }));
    expect(await app.fail('tariff.previewImport', two.input)).toMatchObject({ code: 'tariff.xlsx_sheets', details: { sheets: '2026, 2027' } });
    const withNotes = await preview('notizen.xlsx', await tariffXlsx([testTariff2026[0]!], { sheet: 'Liste', extraSheets: [{ sheet: 'Hinweise', data: [['Quelle: Testdaten'], ['Stand 2027']] }] }));
    expect(await app.call('tariff.previewImport', withNotes.input)).toMatchObject({ sheet: 'Liste', entryCount: 1 });
  });

  test('a corrupt workbook, an old .xls, a renamed file, a ZIP bomb and an oversized upload are refused with their own message; nothing is stored', async () => {
    await setupPractice(app);
    const good = await tariffXlsx([testTariff2026[0]!]);
    const corrupt = Buffer.from(good);
    corrupt.fill(0x41, 200, 1200);
    expect((await app.fail('tariff.previewImport', (await preview('kaputt.xlsx', corrupt)).input)).code).toBe('tariff.xlsx_unreadable');
    expect((await app.fail('tariff.previewImport', (await preview('halb.xlsx', good.subarray(0, good.length / 2))).input)).code).toBe('tariff.xlsx_unreadable');
    // An OLE compound file (what Excel 97-2003 writes): the header is enough to know it.
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await app.fail('tariff.previewImport', (await preview('tarif.xls', xls)).input)).code).toBe('tariff.xls_old');
    expect((await app.fail('tariff.previewImport', (await preview('tarif.xlsx', xls)).input)).code).toBe('tariff.xls_old');
    expect((await app.fail('tariff.previewImport', (await preview('tarif.xlsx', Buffer.from('%PDF-1.7\n'))).input)).code).toBe('tariff.xlsx_unreadable');
    // A ZIP that is not a workbook.
    const otherZip = Buffer.from(zipSync({ 'readme.txt': new TextEncoder().encode('hallo') }));
    expect((await app.fail('tariff.previewImport', (await preview('liste.xlsx', otherZip)).input)).code).toBe('tariff.xlsx_unreadable');

    // A bomb: 40 MB of zeros in a sheet (the limit is 20 MB), well under 1 MB packed.
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => { if (err) throw err; parts.push(chunk); });
    const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 9 });
    zip.add(sheet);
    const mb = new Uint8Array(1024 * 1024).fill(0x30);
    for (let i = 0; i < 40; i++) sheet.push(mb, i === 39);
    zip.end();
    const bomb = Buffer.concat(parts);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await app.fail('tariff.previewImport', (await preview('bombe.xlsx', bomb)).input)).code).toBe('tariff.xlsx_too_big');

    // A sheet of more rows than any tariff list (the cap is 20,000), small on disk.
    const { default: writeXlsxFile } = await import('write-excel-file/node');
    const manyRows = await (writeXlsxFile as unknown as (d: unknown) => { toBuffer(): Promise<Buffer> })(
      [['Code', 'Text DE', 'Text FR', 'Text IT'], ...Array.from({ length: 20_001 }, () => [1001])],
    ).toBuffer();
    expect((await app.fail('tariff.previewImport', (await preview('zeilen.xlsx', manyRows)).input)).code).toBe('tariff.xlsx_too_big');

    const huge = Buffer.concat([good, Buffer.alloc(6 * 1024 * 1024)]);
    expect(await app.fail('tariff.previewImport', (await preview('gross.xlsx', huge)).input)).toMatchObject({ code: 'tariff.file_too_large', details: { limitMb: 5 } });
    expect(await app.call('tariff.versions', {})).toEqual([]);
  });
});
