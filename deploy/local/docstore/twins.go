package main

// GIN twins: FerretDB 1.24 on PostgreSQL filters with `_jsonb->$1 @> $2`, a
// containment test that its own btree indexes on `((_jsonb->'field'))` cannot
// serve, so every query scans the table (FerretDB issue #4646). With
// plan_cache_mode = force_custom_plan the key parameter is folded into the
// plan, and a GIN index on the same expression serves the `@>`. This
// maintainer gives every btree index FerretDB creates (the `_id` index
// included) a GIN twin per indexed expression, as tables and indexes appear,
// and drops twins whose btree is gone. See docs/adr/0013-embedded-store-postgresql.md.

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

const (
	// FerretDB keeps one metadata table per database (a PostgreSQL schema);
	// only schemas holding it are FerretDB's.
	ferretMetadataTable = "_ferretdb_database_metadata"
	twinSuffix          = "_gin"
	// Twins on tables below this size are built with a plain CREATE INDEX (a
	// few ms under a SHARE lock; ~10 MB is some 20,000 small documents);
	// larger ones CONCURRENTLY, which does not block writes but waits for
	// every older transaction, so it is kept for the rare case of a late
	// index on a big collection.
	concurrentlyAboveBytes = 10 << 20
)

// indexColumnsQuery lists every key column of every valid index on the
// collection tables of FerretDB schemas: its expression as PostgreSQL
// prints it (e.g. `(_jsonb -> '_id'::text)`) and its access method.
const indexColumnsQuery = `
SELECT n.nspname, t.relname, ic.relname, am.amname,
       pg_get_indexdef(i.indexrelid, k.n, false), i.indisvalid
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid AND t.relkind = 'r'
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(n)
WHERE t.relname <> '` + ferretMetadataTable + `'
  AND EXISTS (SELECT 1 FROM pg_class m
              WHERE m.relnamespace = n.oid AND m.relname = '` + ferretMetadataTable + `' AND m.relkind = 'r')`

type tableKey struct{ schema, table string }

type tableIndexes struct {
	btree  map[string]bool   // expressions served by FerretDB's btree indexes
	twins  map[string]string // expression -> name of a valid GIN index on it
	broken []string          // invalid twins left by a failed CONCURRENTLY build
}

type twinMaintainer struct {
	connString string
	interval   time.Duration
	log        *slog.Logger
	conn       *pgx.Conn
	failing    bool // log connection trouble once, not every poll
}

func (m *twinMaintainer) run(ctx context.Context) {
	t := time.NewTicker(m.interval)
	defer t.Stop()
	for {
		err := m.pass(ctx)
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			// The server answered: typically a table FerretDB dropped while the
			// catalog was being read. The next pass sees the new state.
			m.log.Debug("gin twins: pass skipped", "error", err)
			err = nil
		}
		if err != nil && ctx.Err() == nil {
			if !m.failing {
				m.log.Warn("gin twins: pass failed; retrying", "error", err)
			}
			m.failing = true
			if m.conn != nil {
				_ = m.conn.Close(context.Background())
				m.conn = nil
			}
		} else {
			if m.failing {
				m.log.Info("gin twins: catalog reachable again")
			}
			m.failing = false
		}
		select {
		case <-ctx.Done():
			if m.conn != nil {
				_ = m.conn.Close(context.Background())
			}
			return
		case <-t.C:
		}
	}
}

func (m *twinMaintainer) connect(ctx context.Context) error {
	if m.conn != nil && !m.conn.IsClosed() {
		return nil
	}
	cfg, err := pgx.ParseConfig(withoutPoolParams(m.connString))
	if err != nil {
		return err
	}
	cfg.RuntimeParams["application_name"] = "docstore-gin-twins"
	// Never make FerretDB's own statements queue behind ours for long: if a
	// lock is not free at once, give up and try again on the next pass.
	cfg.RuntimeParams["lock_timeout"] = "200ms"
	// Building a GIN on a large collection is the only slow statement here.
	cfg.RuntimeParams["maintenance_work_mem"] = "128MB"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	m.conn = conn
	return nil
}

func (m *twinMaintainer) pass(ctx context.Context) error {
	if err := m.connect(ctx); err != nil {
		return err
	}
	tables, err := m.scan(ctx)
	if err != nil {
		return err
	}
	keys := make([]tableKey, 0, len(tables))
	for k := range tables {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].schema+"."+keys[i].table < keys[j].schema+"."+keys[j].table
	})
	for _, k := range keys {
		if ctx.Err() != nil {
			return nil
		}
		m.reconcile(ctx, k, tables[k])
	}
	return nil
}

func (m *twinMaintainer) scan(ctx context.Context) (map[tableKey]*tableIndexes, error) {
	rows, err := m.conn.Query(ctx, indexColumnsQuery, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tables := map[tableKey]*tableIndexes{}
	for rows.Next() {
		var schema, table, index, am, expr string
		var valid bool
		if err := rows.Scan(&schema, &table, &index, &am, &expr, &valid); err != nil {
			return nil, err
		}
		k := tableKey{schema, table}
		ti := tables[k]
		if ti == nil {
			ti = &tableIndexes{btree: map[string]bool{}, twins: map[string]string{}}
			tables[k] = ti
		}
		if !isJSONBPath(expr) {
			continue
		}
		switch {
		case am == "btree" && valid:
			ti.btree[expr] = true
		case am == "gin" && valid:
			ti.twins[expr] = index
		case am == "gin" && strings.HasSuffix(index, twinSuffix):
			ti.broken = append(ti.broken, index)
		}
	}
	return tables, rows.Err()
}

// isJSONBPath accepts what FerretDB's index DDL produces, `(_jsonb -> 'a'::text)`
// and, for a dotted field, `((_jsonb -> 'a'::text) -> 'b'::text)`.
func isJSONBPath(expr string) bool {
	return strings.HasPrefix(strings.TrimLeft(expr, "("), "_jsonb -> '")
}
