import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { convertWithSoffice } from '../../test/documents.ts';
import { describeEachStore } from '../../test/stores.ts';
import { ensureCase } from '../store/cases.ts';
import { listEntities, listRelations } from '../store/entities.ts';
import { listOrders } from '../store/orders.ts';
import { importMapped } from './mapped.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const mapping = { path: join(EXAMPLES, 'supplier-ledger.yml') };
const csvPath = join(EXAMPLES, 'supplier-ledger.csv');
const dir = mkdtempSync(join(tmpdir(), 'cp-mapped-'));

describeEachStore('import mapped', (ctx) => {
  it('turns a CSV of its own layout into entities, a relation and orders', async () => {
    const { store } = ctx;
    await ensureCase(store.db, 'default', 'Default');
    const r = await importMapped(store, { caseId: 'default', mapping, file: { path: csvPath } });
    expect(r).toMatchObject({ rows: 2, entities: 3, orders: 2, incidents: 0 });
    const orders = await listOrders(store.db, ['default']);
    expect(
      orders.map((o) => [o.order_id, o.order_date, o.value, o.currency, o.payment_method]),
    ).toEqual([
      ['L-2016-031', '2016-03-12', 9400, 'EUR', 'money_transfer'],
      ['L-2016-032', '2016-04-02', 3100, 'EUR', 'bank_transfer'],
    ]);
    const supplier = (
      await listEntities(store.db, { caseIds: ['default'], schema: ['Company'] })
    ).find((e) => e.properties.name?.[0] === 'Anadolu Kimya Dağıtım A.Ş.')!;
    // The mapped company is the party the orders resolved to, not a second one.
    expect(orders[0]!.seller_entity_id).toBe(supplier.id);
    const rel = await listRelations(store.db, ['default']);
    expect(rel.filter((x) => x.schema === 'Directorship')).toHaveLength(1);
  });

  it('reads a workbook the same way, its dates kept as serial numbers read back as days', async () => {
    const { store } = ctx;
    await ensureCase(store.db, 'wb', 'Workbook');
    const xlsx = await convertWithSoffice(csvPath, 'xlsx', dir);
    const r = await importMapped(store, {
      caseId: 'wb',
      mapping,
      file: { bytes: xlsx, name: 'supplier-ledger.xlsx' },
    });
    expect(r).toMatchObject({ entities: 3, orders: 2 });
    const orders = await listOrders(store.db, ['wb']);
    expect(orders.map((o) => [o.order_id, o.order_date, o.hs_code, o.quantity])).toEqual([
      ['L-2016-031', '2016-03-12', '760320', 2000],
      ['L-2016-032', '2016-04-02', '760310', 500],
    ]);
  }, 120_000);

  it('is all or nothing, naming file, line and field', async () => {
    const { store } = ctx;
    await ensureCase(store.db, 'bad', 'Bad');
    const bad = join(dir, 'bad.csv');
    const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\n');
    writeFileSync(
      bad,
      [
        ...lines,
        lines[2]!.replace('L-2016-032', 'L-2016-033').replace('bank_transfer', 'pigeon'),
      ].join('\n'),
    );
    await expect(
      importMapped(store, { caseId: 'bad', mapping, file: { path: bad } }),
    ).rejects.toMatchObject({
      code: 'CP_IMPORT_BAD_ROW',
      location: { file: 'bad.csv', line: 4, field: 'payment_method' },
    });
    expect(await listOrders(store.db, ['bad'])).toEqual([]);
    expect(await listEntities(store.db, { caseIds: ['bad'] })).toEqual([]);

    const wrongColumn = {
      text: 'orders: { order_id: Reference, seller: Supplier, buyer: Customer }',
      name: 'm.yml',
    };
    await expect(
      importMapped(store, { caseId: 'bad', mapping: wrongColumn, file: { path: csvPath } }),
    ).rejects.toMatchObject({
      code: 'CP_IMPORT_BAD_HEADER',
      location: { field: 'orders.order_id', got: 'Reference' },
    });
    const badYaml = {
      text: 'entities: { x: { schema: Compnay, keys: [Supplier], properties: {} } }',
      name: 'm.yml',
    };
    await expect(
      importMapped(store, { caseId: 'bad', mapping: badYaml, file: { path: csvPath } }),
    ).rejects.toMatchObject({
      code: 'CP_BAD_MAPPING',
      location: { file: 'm.yml', field: 'entities.x.schema' },
    });
  });
});
