package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// FerretDB v1.24 (SQLite) indexes `_id` as `_ferretdb_sjson->"_id"` but looks
// documents up by `_ferretdb_sjson->'$._id'`. SQLite uses an expression index
// only for the very expression it was built on, so every find, update and
// delete by `_id` scans its whole table (EXPLAIN QUERY PLAN: SCAN; a read by
// `_id` grew from 2.5 ms at 1,000 documents to 13 ms at 10,000).
//
// keepIDIndexes gives every collection table the index those lookups can use
// (SEARCH ... USING INDEX), checking for new tables every `every`. FerretDB
// keeps its own list of indexes, so this one stays invisible to listIndexes and
// goes with its table when a collection or database is dropped.
const idLookupColumn = "_ferretdb_sjson->'$._id'"

func keepIDIndexes(ctx context.Context, dir string, every time.Duration, logger *slog.Logger) {
	done := map[string]bool{} // "<inode>/<table>" already indexed
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexFile(ctx, file, done); err != nil && ctx.Err() == nil {
				logger.Debug("id index pass failed", slog.String("file", filepath.Base(file)), slog.Any("err", err))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func indexFile(ctx context.Context, file string, done map[string]bool) error {
	fi, err := os.Stat(file)
	if err != nil {
		return err
	}
	// A dropped and re-created database is a new file under the same name.
	inode := fmt.Sprint(fi.Sys().(*syscall.Stat_t).Ino)

	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(file)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, "SELECT table_name FROM _ferretdb_collections")
	if err != nil {
		return err // a database file FerretDB has not set up yet
	}
	var tables []string
	for rows.Next() {
		var t string
		if rows.Scan(&t) == nil && !done[inode+"/"+t] {
			tables = append(tables, t)
		}
	}
	rows.Close()

	for _, t := range tables {
		name := strings.ReplaceAll(t+"_id_lookup", `"`, `""`)
		table := strings.ReplaceAll(t, `"`, `""`)
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS "%s" ON "%s" (%s)`, name, table, idLookupColumn)
		if _, err := db.ExecContext(ctx, q); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // dropped meanwhile
			}
			return err
		}
		done[inode+"/"+t] = true
	}
	return nil
}
