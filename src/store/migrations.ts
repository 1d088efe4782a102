import { sql, type Kysely, type Migration, type CreateTableBuilder } from 'kysely';
import { foldText } from '../core/fold.ts';
import { backfillActorNames } from './actors.ts';
import type { DialectName } from './connect.ts';
import { documentsMigration } from './documents.ts';
import { mentionsMigration } from './mentions.ts';
import { addQueueJobColumn, createJobsTable, movePayloadsLast } from './jobs.ts';
import { listsMigration } from './lists.ts';
import { scaleMigration } from './rollups.ts';
import { contentlessSearchMigration } from './search.ts';
import type { Database } from './types.ts';

/**
 * Migrations, applied on open, in name order. Written once for both databases: the schema
 * builder covers almost everything, and the few differences (auto-increment keys, the
 * full-text index) are switched on the dialect here and nowhere else.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  const autoId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'sqlite'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : t.addColumn('id', 'serial', (c) => c.primaryKey());

  return {
    '0001_foundation': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('cases')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('sources')
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('publisher', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('url', 'text')
          .addColumn('published', 'text')
          .addColumn('reliability', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('sources_pk', ['case_id', 'id'])
          .execute();

        await autoId(db.schema.createTable('evidence'))
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('record_kind', 'text', (c) => c.notNull())
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('credibility', 'integer', (c) => c.notNull())
          .addColumn('page', 'text')
          .addColumn('excerpt', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addForeignKeyConstraint('evidence_source_fk', ['case_id', 'source_id'], 'sources', [
            'case_id',
            'id',
          ])
          .execute();
        await db.schema
          .createIndex('evidence_record')
          .on('evidence')
          .columns(['case_id', 'record_kind', 'record_id'])
          .execute();
        await db.schema
          .createIndex('evidence_source')
          .on('evidence')
          .columns(['case_id', 'source_id'])
          .execute();

        await db.schema
          .createTable('incidents')
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('text', 'text')
          .addColumn('date', 'text')
          .addColumn('date_precision', 'text', (c) => c.notNull())
          .addColumn('country', 'text')
          .addColumn('country_code', 'text')
          .addColumn('admin1', 'text')
          .addColumn('admin2', 'text')
          .addColumn('place', 'text')
          .addColumn('anchor_place', 'text')
          .addColumn('offset_km', 'double precision')
          .addColumn('offset_dir', 'text')
          .addColumn('lat', 'double precision')
          .addColumn('lon', 'double precision')
          .addColumn('geo_precision', 'integer')
          .addColumn('event_type', 'text')
          .addColumn('sub_event_type', 'text')
          .addColumn('attack_type', 'text')
          .addColumn('perpetrator', 'text')
          .addColumn('target', 'text')
          .addColumn('killed', 'integer')
          .addColumn('wounded', 'integer')
          .addColumn('casualties_total', 'integer')
          .addColumn('attribution', 'text', (c) => c.notNull())
          .addColumn('sources', 'text', (c) => c.notNull())
          .addColumn('confidence', 'double precision')
          .addColumn('merged_into', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('incidents_pk', ['case_id', 'id'])
          .execute();
        await db.schema
          .createIndex('incidents_date')
          .on('incidents')
          .columns(['case_id', 'date'])
          .execute();

        await db.schema
          .createTable('incident_merges')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('kept_id', 'text', (c) => c.notNull())
          .addColumn('merged_ids', 'text', (c) => c.notNull())
          .addColumn('explanation', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('reverted_at', 'text')
          .execute();

        await db.schema
          .createTable('seizures')
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('seizure_date', 'text')
          .addColumn('place', 'text')
          .addColumn('country', 'text')
          .addColumn('seized_by', 'text')
          .addPrimaryKeyConstraint('seizures_pk', ['case_id', 'id'])
          .execute();

        await db.schema
          .createTable('items')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('item_id', 'text', (c) => c.notNull())
          .addColumn('seizure_id', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('type', 'text')
          .addColumn('model', 'text')
          .addColumn('manufacturer', 'text')
          .addColumn('country_of_manufacture', 'text')
          .addColumn('calibre', 'text')
          .addColumn('serial_number', 'text')
          .addColumn('year_of_manufacture', 'integer')
          .addColumn('lot', 'text')
          .addColumn('parent_item_id', 'text')
          .addColumn('quantity', 'integer', (c) => c.notNull())
          .addColumn('notes', 'text')
          .addPrimaryKeyConstraint('items_pk', ['case_id', 'item_id'])
          .addForeignKeyConstraint('items_seizure_fk', ['case_id', 'seizure_id'], 'seizures', [
            'case_id',
            'id',
          ])
          .execute();
        await db.schema
          .createIndex('items_seizure')
          .on('items')
          .columns(['case_id', 'seizure_id'])
          .execute();
        await db.schema
          .createIndex('items_serial')
          .on('items')
          .columns(['serial_number'])
          .execute();

        await db.schema
          .createTable('baseline')
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('type', 'text')
          .addColumn('model', 'text')
          .addColumn('manufacturer', 'text')
          .addColumn('country_of_manufacture', 'text')
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('baseline_pk', ['case_id', 'id'])
          .execute();

        await db.schema
          .createTable('aliases')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('alias', 'text', (c) => c.notNull())
          .addColumn('canonical', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('aliases_pk', ['kind', 'alias'])
          .execute();

        await db.schema
          .createTable('entities')
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('schema', 'text', (c) => c.notNull())
          .addColumn('caption', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('entities_pk', ['case_id', 'id'])
          .execute();
        await db.schema
          .createIndex('entities_schema')
          .on('entities')
          .columns(['case_id', 'schema'])
          .execute();

        await db.schema
          .createTable('relations')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('schema', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('target_id', 'text', (c) => c.notNull())
          .addColumn('start_date', 'text')
          .addColumn('end_date', 'text')
          .addPrimaryKeyConstraint('relations_pk', ['case_id', 'id'])
          .addForeignKeyConstraint(
            'relations_entity_fk',
            ['case_id', 'id'],
            'entities',
            ['case_id', 'id'],
            (c) => c.onDelete('cascade'),
          )
          .execute();
        await db.schema
          .createIndex('relations_source')
          .on('relations')
          .columns(['case_id', 'source_id'])
          .execute();
        await db.schema
          .createIndex('relations_target')
          .on('relations')
          .columns(['case_id', 'target_id'])
          .execute();

        await db.schema
          .createTable('entity_merges')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('canonical_id', 'text', (c) => c.notNull())
          .addColumn('member_ids', 'text', (c) => c.notNull())
          .addColumn('explanation', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('reverted_at', 'text')
          .execute();

        let orders = db.schema
          .createTable('orders')
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('order_id', 'text', (c) => c.notNull());
        for (const col of [
          'order_date',
          'seller',
          'seller_country',
          'buyer',
          'buyer_country',
          'buyer_city',
          'buyer_business',
          'buyer_first_seen',
          'goods',
          'hs_code',
        ]) {
          orders = orders.addColumn(col, 'text', (c) =>
            col === 'seller' || col === 'buyer' ? c.notNull() : c,
          );
        }
        orders = orders
          .addColumn('quantity', 'double precision')
          .addColumn('unit', 'text')
          .addColumn('value', 'double precision');
        for (const col of [
          'currency',
          'payer',
          'payment_method',
          'consignee',
          'ship_to_city',
          'ship_to_country',
          'route',
          'seller_entity_id',
          'buyer_entity_id',
          'payer_entity_id',
          'consignee_entity_id',
        ]) {
          orders = orders.addColumn(col, 'text');
        }
        await orders.addPrimaryKeyConstraint('orders_pk', ['case_id', 'order_id']).execute();

        await autoId(db.schema.createTable('flag_scores'))
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('order_id', 'text', (c) => c.notNull())
          .addColumn('rules_version', 'text', (c) => c.notNull())
          .addColumn('likelihood', 'double precision', (c) => c.notNull())
          .addColumn('flags', 'text', (c) => c.notNull())
          .addColumn('scored_at', 'text', (c) => c.notNull())
          .addForeignKeyConstraint(
            'flag_scores_order_fk',
            ['case_id', 'order_id'],
            'orders',
            ['case_id', 'order_id'],
            (c) => c.onDelete('cascade'),
          )
          .execute();
        await db.schema
          .createIndex('flag_scores_order')
          .on('flag_scores')
          .columns(['case_id', 'order_id'])
          .execute();

        await autoId(db.schema.createTable('reviews'))
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('order_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('reason', 'text')
          .addColumn('decided_at', 'text', (c) => c.notNull())
          .addForeignKeyConstraint(
            'reviews_order_fk',
            ['case_id', 'order_id'],
            'orders',
            ['case_id', 'order_id'],
            (c) => c.onDelete('cascade'),
          )
          .execute();
        await db.schema
          .createIndex('reviews_order')
          .on('reviews')
          .columns(['case_id', 'order_id'])
          .execute();

        await db.schema
          .createTable('lists')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('file', 'text')
          .addColumn('imported_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('list_entities')
          .addColumn('list_id', 'text', (c) =>
            c.notNull().references('lists.id').onDelete('cascade'),
          )
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('schema', 'text', (c) => c.notNull())
          .addColumn('caption', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('list_entities_pk', ['list_id', 'id'])
          .execute();

        await db.schema
          .createTable('imports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('file', 'text')
          .addColumn('rows', 'integer', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .execute();

        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('is_admin', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('disabled_at', 'text')
          .execute();
        await db.schema
          .createTable('case_members')
          .addColumn('case_id', 'text', (c) =>
            c.notNull().references('cases.id').onDelete('cascade'),
          )
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('granted_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('case_members_pk', ['case_id', 'user_id'])
          .execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
        await db.schema
          .createTable('user_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) =>
            c.notNull().references('users.id').onDelete('cascade'),
          )
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await autoId(db.schema.createTable('audit_log'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text')
          .addColumn('case_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text')
          .addColumn('ip', 'text')
          .addColumn('detail', 'text')
          .execute();

        // Full-text search over folded text (see core/fold.ts): FTS5 in SQLite, a tsvector
        // with a GIN index in PostgreSQL. Text is folded before it is stored, so both
        // tokenise plain lower-case ASCII and agree on what matches.
        if (dialect === 'sqlite') {
          await sql`create virtual table search_index using fts5(case_id unindexed, record_kind unindexed, record_id unindexed, title, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(
            db,
          );
        } else {
          await db.schema
            .createTable('search_index')
            .addColumn('case_id', 'text', (c) => c.notNull())
            .addColumn('record_kind', 'text', (c) => c.notNull())
            .addColumn('record_id', 'text', (c) => c.notNull())
            .addColumn('title', 'text', (c) => c.notNull())
            .addColumn('body', 'text', (c) => c.notNull())
            .execute();
          await sql`alter table search_index add column tsv tsvector generated always as (to_tsvector('simple', title || ' ' || body)) stored`.execute(
            db,
          );
          await sql`create index search_index_tsv on search_index using gin (tsv)`.execute(db);
          await db.schema
            .createIndex('search_index_record')
            .on('search_index')
            .columns(['case_id', 'record_kind', 'record_id'])
            .execute();
        }
      },
    },
    '0002_search_rowids': {
      // SQLite's FTS5 table cannot index its record columns, so replacing one record's
      // entry meant scanning the whole index: imports grew quadratically. This keyed table
      // maps each record to its FTS5 rowid. PostgreSQL's search_index has a plain index.
      async up(db: Kysely<unknown>) {
        if (dialect !== 'sqlite') return;
        await db.schema
          .createTable('search_rowids')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('record_kind', 'text', (c) => c.notNull())
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('fts_rowid', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('search_rowids_pk', ['case_id', 'record_kind', 'record_id'])
          .execute();
        await sql`insert or replace into search_rowids (case_id, record_kind, record_id, fts_rowid) select case_id, record_kind, record_id, rowid from search_index`.execute(
          db,
        );
      },
    },
    '0003_order_party_indexes': {
      // An entity's orders are found through any of its four party columns; without these
      // indexes every lookup scanned the case's orders.
      async up(db: Kysely<unknown>) {
        for (const col of [
          'seller_entity_id',
          'buyer_entity_id',
          'payer_entity_id',
          'consignee_entity_id',
        ]) {
          await db.schema
            .createIndex(`orders_${col}`)
            .on('orders')
            .columns(['case_id', col])
            .execute();
        }
      },
    },
    '0004_rule_sets': {
      // Calibrated rule sets: named, versioned, kept in the database (never in the package).
      // Shared by every case of the database, like the sanctions lists.
      async up(db: Kysely<unknown>) {
        await autoId(db.schema.createTable('rule_sets'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('rules', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('source', 'text')
          .addColumn('created_by', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('rule_sets_name_version', ['name', 'version'])
          .execute();
      },
    },
    '0005_order_item_identity': {
      // What an order shipped, item by item (optional columns of the orders CSV): the
      // maker, model, part number, lot and serial run a recovered item is traced against.
      async up(db: Kysely<unknown>) {
        for (const col of [
          'manufacturer',
          'model',
          'part_number',
          'lot',
          'serial_first',
          'serial_last',
        ]) {
          await db.schema.alterTable('orders').addColumn(col, 'text').execute();
        }
      },
    },
    '0006_actors': {
      // Actors (issue 19, item 5): the canonical ones and those datasets name, and the
      // names records use for them, by country (src/store/actors.ts). Shared by every
      // case. Incidents stored before are linked here, once (reads never write); the
      // import log keeps the column mapping a dataset file was read through.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('actors')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text')
          .addColumn('parent', 'text')
          .addColumn('aliases', 'text', (c) => c.notNull())
          .addColumn('canonical', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('actor_names')
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('country_code', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull().references('actors.id'))
          .addPrimaryKeyConstraint('actor_names_pk', ['name', 'country_code'])
          .execute();
        await db.schema
          .createIndex('actor_names_actor')
          .on('actor_names')
          .column('actor_id')
          .execute();
        await db.schema.alterTable('imports').addColumn('mapping', 'text').execute();
        await backfillActorNames(db as Kysely<Database>);
      },
    },
    '0007_incident_lists': {
      // Lists that scale (issue 18, item 3): folded copies of the filtered names (issue 22:
      // "syria" finds Syria; foldText of src/core/fold.ts, written by every incident
      // writer), and one partial index per filter that ends in the list's order (date with
      // nulls first, then id), so that a filtered page, keyset or not, walks an index in
      // order and stops after its rows. They replace incidents_date (case_id, date).
      async up(db: Kysely<unknown>) {
        for (const c of ['country_f', 'admin1_f', 'perpetrator_f'])
          await db.schema.alterTable('incidents').addColumn(c, 'text').execute();
        await backfillIncidentFolds(db);
        await db.schema.dropIndex('incidents_date').execute();
        const date = dialect === 'postgres' ? 'date nulls first' : 'date';
        for (const [name, cols] of [
          ['incidents_list', []],
          ['incidents_list_country', ['country_f']],
          ['incidents_list_code', ['country_code']],
          ['incidents_list_admin1', ['admin1_f']],
          ['incidents_list_attack', ['attack_type']],
          ['incidents_list_perpetrator', ['perpetrator_f']],
        ] as const)
          await sql
            .raw(
              `create index ${name} on incidents (${['case_id', ...cols, date, 'id'].join(', ')}) where merged_into is null`,
            )
            .execute(db);
      },
    },
    '0008_usernames_ci': {
      // Usernames unique without regard to case (issue 18, item 6): "ALICE" and "alice"
      // are one user. A database that already holds such a pair is refused, naming them.
      async up(db: Kysely<unknown>) {
        const clashes = await sql<{ name: string; usernames: string }>`
          select lower(username) as name, ${sql.raw(
            dialect === 'postgres'
              ? "string_agg(username, ', ' order by username)"
              : "group_concat(username, ', ')",
          )} as usernames
          from users group by lower(username) having count(*) > 1`.execute(db);
        if (clashes.rows.length) {
          throw new Error(
            `usernames must be unique without regard to case, but ${clashes.rows
              .map((r) => `{${r.usernames}}`)
              .join(', ')} differ only in case: rename or remove all but one of each ` +
              '(update users set username = … where id = …) with the previous version, then open the database again',
          );
        }
        await db.schema
          .createIndex('users_username_lower')
          .unique()
          .on('users')
          .expression(sql`lower(username)`)
          .execute();
      },
    },
    '0009_jobs': { up: createJobsTable },
    '0010_lists': { up: listsMigration },
    '0011_documents': { up: (db) => documentsMigration(db, dialect) },
    '0012_mentions': { up: mentionsMigration },
    '0013_scale': { up: (db) => scaleMigration(db, dialect) },
    '0014_job_queue': { up: addQueueJobColumn },
    '0015_job_payloads_last': { up: (db) => movePayloadsLast(db, dialect) },
    '0016_search_contentless': { up: (db) => contentlessSearchMigration(db, dialect) },
  };
}

/**
 * Fills the folded columns of incidents stored before 0007: the distinct names fold
 * once each into a mapping table, then one UPDATE a column reads it (no statement a row).
 */
async function backfillIncidentFolds(db: Kysely<unknown>): Promise<void> {
  const t = db as Kysely<Database>;
  await db.schema
    .createTable('incident_fold_map')
    .addColumn('col', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('folded', 'text')
    .addPrimaryKeyConstraint('incident_fold_map_pk', ['col', 'raw'])
    .execute();
  for (const col of ['country', 'admin1', 'perpetrator'] as const) {
    const rows = await t
      .selectFrom('incidents')
      .select(col)
      .distinct()
      .where(col, 'is not', null)
      .execute();
    const values = rows.map((r) => {
      const raw = r[col] as string;
      return { col, raw, folded: foldText(raw) || null };
    });
    for (let i = 0; i < values.length; i += 5000)
      await sql`insert into incident_fold_map (col, raw, folded) values ${sql.join(
        values.slice(i, i + 5000).map((v) => sql`(${v.col}, ${v.raw}, ${v.folded})`),
      )}`.execute(db);
    if (values.length)
      await sql
        .raw(
          `update incidents set ${col}_f = (select m.folded from incident_fold_map m where m.col = '${col}' and m.raw = incidents.${col}) where ${col} is not null`,
        )
        .execute(db);
  }
  await db.schema.dropTable('incident_fold_map').execute();
}
