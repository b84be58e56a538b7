package review

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/model"
)

// TestExportEscaping: cells a spreadsheet would run are defused, quotes
// and commas survive, and an exported file imports back as it was.
func TestExportEscaping(t *testing.T) {
	rows := []Row{
		{Entry: Entry{CustomerID: "c1", Name: `=HYPERLINK("http://evil","x")`, Decision: model.DecisionMigrate, Note: "+1 call, \"urgent\""}},
		{Entry: Entry{CustomerID: "c2", Name: "@SUM(A1)", Marked: true, Decision: model.DecisionSkip, Note: "-2"}, Domain: "b.de"},
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][1] != `'=HYPERLINK("http://evil","x")` || recs[2][1] != "'@SUM(A1)" || recs[1][11] != `'+1 call, "urgent"` || recs[2][11] != "'-2" {
		t.Errorf("cells not defused: %q", recs)
	}
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("a cell starts a formula: %q", cell)
			}
		}
	}
	got, err := ParseCSV(strings.NewReader(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Note != `+1 call, "urgent"` || got[1].Note != "-2" || !got[1].Marked || got[0].Decision != model.DecisionMigrate {
		t.Errorf("round trip: %+v", got)
	}
	b.Reset()
	if err := WriteJSON(&b, rows); err != nil {
		t.Fatal(err)
	}
	var js []map[string]any
	if err := json.Unmarshal(b.Bytes(), &js); err != nil || js[0]["name"] != `=HYPERLINK("http://evil","x")` || js[1]["marked"] != true {
		t.Errorf("json: %v %v", js, err)
	}
}

// TestImportErrorsByLine: every bad line is reported with its number and
// nothing is imported.
func TestImportErrorsByLine(t *testing.T) {
	in := "\xef\xbb\xbfName,Customer ID,Decision,Note\n" +
		"Contoso,c1,migrate,ok\n" +
		"Nobody,c9,skip,\n" +
		"Fabrikam,c2,maybe,\n" +
		"Dup,c1,skip,\n" +
		",,skip,\n" +
		"Litware,c3,Follow up,'=1+1\n"
	known := func(id string) bool { return id == "c1" || id == "c2" || id == "c3" }
	rows, err := ParseCSV(strings.NewReader(in), known)
	var ie ImportErrors
	if !errors.As(err, &ie) || rows != nil {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	want := []string{
		`line 3: unknown customer "c9"`,
		`line 4: decision "maybe" is not migrate, skip, follow-up or empty`,
		`line 5: customer c1 is also on line 2`,
		`line 6: no customer_id`,
	}
	if len(ie) != len(want) {
		t.Fatalf("errors:\n%v", err)
	}
	for k, w := range want {
		if ie[k].Error() != w {
			t.Errorf("error %d: %q, want %q", k, ie[k].Error(), w)
		}
	}
	// The good part alone imports, the note defused on export taken back.
	good := "customer_id,decision,note\nc1,migrate,ok\nc3,Follow up,'=1+1\n"
	rows, err = ParseCSV(strings.NewReader(good), known)
	if err != nil || len(rows) != 2 || rows[1].Decision != model.DecisionFollowUp || rows[1].Note != "=1+1" {
		t.Fatalf("rows %+v err %v", rows, err)
	}
	s := open(t, filepath.Join(t.TempDir(), FileName), "r")
	if err := s.Apply(context.Background(), ImportOps(rows)...); err != nil {
		t.Fatal(err)
	}
	e, _ := s.Load(context.Background())
	if e["c1"].Decision != model.DecisionMigrate || e["c3"].Note != "=1+1" {
		t.Errorf("imported: %+v", e)
	}
	for _, bad := range []string{"", "name,note\nx,y\n", "customer_id,decision\n\"c1,migrate\n"} {
		if _, err := ParseCSV(strings.NewReader(bad), nil); err == nil {
			t.Errorf("%q imported", bad)
		}
	}
}
