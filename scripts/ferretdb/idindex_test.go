package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// A collection table laid out as FerretDB v1.24 lays it out, with its own `_id`
// index: its lookup by `_id` scans until keepIDIndexes has added the index the
// lookup can use.
func TestIDLookupUsesAnIndexAfterAPass(t *testing.T) {
	file := filepath.Join(t.TempDir(), "app.sqlite")
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	for _, q := range []string{
		`CREATE TABLE _ferretdb_collections (name TEXT NOT NULL UNIQUE, table_name TEXT NOT NULL UNIQUE, settings TEXT NOT NULL)`,
		`INSERT INTO _ferretdb_collections VALUES ('tasks', 'tasks_1a2b3c4d', '{}')`,
		`CREATE TABLE "tasks_1a2b3c4d" (_ferretdb_sjson TEXT NOT NULL CHECK(_ferretdb_sjson != '')) STRICT`,
		`CREATE UNIQUE INDEX "tasks_1a2b3c4d__id_" ON "tasks_1a2b3c4d" (_ferretdb_sjson->"_id")`,
		`INSERT INTO "tasks_1a2b3c4d" VALUES ('{"_id":"t1"}'), ('{"_id":"t2"}')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// FerretDB's own query for a filter {_id: "t2"} (internal/backends/sqlite/collection.go).
	plan := func() string {
		var id, parent, notused int
		var detail string
		row := db.QueryRow(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "tasks_1a2b3c4d" WHERE `+idLookupColumn+` = ?`, `"t2"`)
		if err := row.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		return detail
	}
	if p := plan(); !strings.HasPrefix(p, "SCAN") {
		t.Fatalf("expected FerretDB's own index to be unusable for its lookup, got %q", p)
	}

	done := map[string]bool{}
	if err := indexFile(context.Background(), file, done); err != nil {
		t.Fatal(err)
	}
	// EXPLAIN on a connection that prepared before the index reads its old schema; FerretDB's real
	// queries re-prepare on the schema change. A fresh connection shows the plan they get.
	db.Close()
	if db, err = sql.Open("sqlite", "file:"+file); err != nil {
		t.Fatal(err)
	}
	if p := plan(); !strings.Contains(p, "USING INDEX tasks_1a2b3c4d_id_lookup") {
		t.Fatalf("lookup by _id does not use the added index: %q", p)
	}
	var found string
	if err := db.QueryRow(`SELECT _ferretdb_sjson FROM "tasks_1a2b3c4d" WHERE `+idLookupColumn+` = ?`, `"t2"`).Scan(&found); err != nil || found != `{"_id":"t2"}` {
		t.Fatalf("lookup through the index: %q, %v", found, err)
	}
	// A second pass has nothing to do; a file FerretDB has not set up yet is not an error to stop on.
	if err := indexFile(context.Background(), file, done); err != nil {
		t.Fatal(err)
	}
	if err := indexFile(context.Background(), filepath.Join(t.TempDir(), "new.sqlite"), map[string]bool{}); err == nil {
		t.Fatal("expected an error for a file without FerretDB's tables")
	}
}
