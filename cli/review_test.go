package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/review"
)

// TestReviewImportExport: an import with a bad row imports nothing and
// says which lines; a good one lands in the review that export prints,
// and that the dashboard opens (the same key).
func TestReviewImportExport(t *testing.T) {
	isolate(t)
	sb := []string{"--sandbox-customers", "30", "--sandbox-addr", "127.0.0.1:0"}
	code, out, errOut := run(t, append([]string{"customers", "--output", "csv"}, sb...)...)
	if code != exitOK {
		t.Fatalf("customers: exit %d: %s", code, errOut)
	}
	recs, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
	id1, id2 := recs[1][0], recs[2][0]

	bad := writeFile(t, "bad.csv", "customer_id,decision,note\n"+id1+",migrate,ok\nnot-a-customer,skip,\n"+id2+",perhaps,\n")
	code, _, errOut = run(t, append([]string{"review", "import", bad}, sb...)...)
	if code != exitError || !strings.Contains(errOut, "line 3: unknown customer") || !strings.Contains(errOut, `line 4: decision "perhaps"`) {
		t.Errorf("bad import: exit %d, stderr %q", code, errOut)
	}
	code, out, _ = run(t, "review", "export", "-o", "json")
	if code != exitOK || strings.TrimSpace(out) != "[]" {
		t.Errorf("a failed import left something: %d %q", code, out)
	}

	good := writeFile(t, "good.csv", "Name,customer_id,decision,note,marked\nx,"+id1+",Migrate,=1+1,yes\ny,"+id2+",follow up,,no\n")
	code, out, errOut = run(t, append([]string{"review", "import", good}, sb...)...)
	if code != exitOK || !strings.Contains(out, "Imported 2 decisions") {
		t.Fatalf("good import: exit %d, %q %q", code, out, errOut)
	}
	code, out, _ = run(t, "review", "export", "-o", "csv")
	if code != exitOK || !strings.Contains(out, id1) || !strings.Contains(out, "'=1+1") || !strings.Contains(out, "follow-up") {
		t.Errorf("export csv: %q", out)
	}
	code, out, _ = run(t, "review", "export", "-o", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != exitOK || len(rows) != 2 {
		t.Fatalf("export json: %v %q", err, out)
	}
	// The dashboard's review is the same one.
	cfg := &Config{Env: model.EnvGermany}
	cfg.Sandbox.Seed = 1
	dir, _ := client.StateDir()
	rs, err := review.Open(filepath.Join(dir, review.FileName), reviewKey(cfg))
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	e, _ := rs.Load(context.Background())
	if e[id1].Decision != model.DecisionMigrate || !e[id1].Marked || e[id1].Note != "=1+1" {
		t.Errorf("the dashboard's review: %+v", e[id1])
	}
}
