package main

// The DDL side of the GIN twin maintainer (twins.go): what to create or drop
// for one table, and the names it uses.

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func (m *twinMaintainer) reconcile(ctx context.Context, k tableKey, ti *tableIndexes) {
	for _, name := range ti.broken {
		m.exec(ctx, "drop invalid twin", k, name, "DROP INDEX CONCURRENTLY IF EXISTS "+pgx.Identifier{k.schema, name}.Sanitize())
	}
	exprs := make([]string, 0, len(ti.btree))
	for e := range ti.btree {
		exprs = append(exprs, e)
	}
	sort.Strings(exprs)
	size := int64(-1)
	for _, expr := range exprs {
		if _, ok := ti.twins[expr]; ok {
			continue
		}
		if size < 0 {
			// The file size, unlike reltuples, is right before the first ANALYZE.
			if err := m.conn.QueryRow(ctx, "SELECT pg_relation_size($1::regclass)", pgx.QueryExecModeSimpleProtocol,
				pgx.Identifier{k.schema, k.table}.Sanitize()).Scan(&size); err != nil {
				m.log.Debug("gin twins: table gone", "db", k.schema, "table", k.table, "error", err)
				return
			}
		}
		name := twinName(k.table, expr)
		using := "CREATE INDEX "
		if size > concurrentlyAboveBytes {
			using = "CREATE INDEX CONCURRENTLY "
		}
		q := using + "IF NOT EXISTS " + pgx.Identifier{name}.Sanitize() + " ON " +
			pgx.Identifier{k.schema, k.table}.Sanitize() + " USING gin (" + expr + ") WITH (fastupdate = off)"
		if m.exec(ctx, "created", k, name, q, "expr", expr, "tableBytes", size, "concurrently", size > concurrentlyAboveBytes) {
			ti.twins[expr] = name
		}
	}
	// A twin whose btree FerretDB dropped (dropIndexes) only slows writes down.
	for expr, name := range ti.twins {
		if ti.btree[expr] || !strings.HasSuffix(name, twinSuffix) {
			continue
		}
		m.exec(ctx, "dropped orphan", k, name, "DROP INDEX IF EXISTS "+pgx.Identifier{k.schema, name}.Sanitize(), "expr", expr)
	}
}

// exec runs one DDL statement; a lock timeout or a table dropped meanwhile is
// normal (FerretDB was busy with it) and retried on the next pass.
func (m *twinMaintainer) exec(ctx context.Context, what string, k tableKey, index, q string, attrs ...any) bool {
	t0 := time.Now()
	_, err := m.conn.Exec(ctx, q, pgx.QueryExecModeSimpleProtocol)
	attrs = append([]any{"db", k.schema, "table", k.table, "index", index}, attrs...)
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && (pe.Code == "55P03" || pe.Code == "42P01" || pe.Code == "3F000" || pe.Code == "40P01") {
			m.log.Debug("gin twins: "+what+" deferred", append(attrs, "reason", pe.Message)...)
		} else {
			m.log.Warn("gin twins: "+what+" failed", append(attrs, "error", err)...)
		}
		return false
	}
	m.log.Info("gin twins: "+what, append(attrs, "took", time.Since(t0).Round(time.Millisecond))...)
	return true
}

// withoutPoolParams drops pgxpool's settings (pool_max_conns…) from FerretDB's
// URL: a single connection would send them to the server as unknown parameters.
func withoutPoolParams(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// twinName is deterministic (so IF NOT EXISTS makes creation idempotent) and
// cannot collide with FerretDB's index names, which end in `_idx`.
func twinName(table, expr string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(table + "\x00" + expr))
	suffix := fmt.Sprintf("_%08x%s", h.Sum32(), twinSuffix)
	const maxIdent = 63
	if len(table)+len(suffix) > maxIdent {
		table = strings.ToValidUTF8(table[:maxIdent-len(suffix)], "")
	}
	return table + suffix
}
