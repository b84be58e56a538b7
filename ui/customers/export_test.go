package customers

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
)

// exportTo types path into the export prompt and returns what the write
// answered.
func exportTo(t *testing.T, m *Model, path string) tea.Msg {
	t.Helper()
	press(m, "x")
	if !m.Capturing() {
		t.Fatal("x does not open the path prompt")
	}
	press(m, "ctrl+u")
	typeText(m, path)
	cmd := press(m, "enter")[0]
	if m.Capturing() {
		t.Fatal("enter does not close the prompt")
	}
	msg := cmd()
	_, next := m.Update(msg)
	if next != nil {
		return next()
	}
	return nil
}

// TestExportMarkedThenOverwrite: x writes the marked rows, safe for
// spreadsheets; a second export to the same file asks first, and "no"
// leaves the file as it was.
func TestExportMarkedThenOverwrite(t *testing.T) {
	custs := fixture()
	custs[1].CompanyName = "=cmd|' /C calc'!A0" // c02
	m := loaded(t, custs, 160, 20)
	press(m, "/")
	typeText(m, "id:c02")
	press(m, "enter", "space", "esc", "G", "space") // c02, and the last row
	m.decide(model.DecisionSkip)
	path := filepath.Join(t.TempDir(), "out.csv")
	st, ok := exportTo(t, m, path).(common.StatusMsg)
	if !ok || !strings.Contains(st.Text, "Exported 2 customers") {
		t.Fatalf("status: %#v", st)
	}
	b, _ := os.ReadFile(path)
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || len(recs) != 3 || recs[0][0] != "customer_id" {
		t.Fatalf("%v\n%s", err, b)
	}
	found := false
	for _, r := range recs[1:] {
		if r[0] == "c02" {
			found = true
			if r[1] != "'=cmd|' /C calc'!A0" || r[8] != "skip" || r[7] != "yes" {
				t.Errorf("c02 row: %q", r)
			}
		}
	}
	if !found {
		t.Errorf("c02 not exported:\n%s", b)
	}

	// Again: the file exists, so a confirmation is pushed.
	press(m, "U")
	push, ok := exportTo(t, m, path).(common.PushMsg)
	if !ok {
		t.Fatalf("no confirmation before overwriting")
	}
	if _, ok := push.Layer.(*confirm.Model); !ok {
		t.Fatalf("pushed %T", push.Layer)
	}
	_, cmd := m.Update(confirm.Answer{ID: overwriteID, Yes: false})
	if after, _ := os.ReadFile(path); string(after) != string(b) {
		t.Error("no: the file changed")
	}
	if st, _ := cmd().(common.StatusMsg); !strings.Contains(st.Text, "Not exported") {
		t.Errorf("no: %q", st.Text)
	}
	// Yes: the view (10 rows, nothing marked) replaces it, as JSON-free CSV.
	exportTo(t, m, path)
	_, cmd = m.Update(confirm.Answer{ID: overwriteID, Yes: true})
	_, cmd = m.Update(cmd())
	if st, _ := cmd().(common.StatusMsg); !strings.Contains(st.Text, "Exported 10 customers") {
		t.Errorf("yes: %q", st.Text)
	}
	// JSON by extension.
	jpath := filepath.Join(t.TempDir(), "out.json")
	exportTo(t, m, jpath)
	if j, _ := os.ReadFile(jpath); !strings.HasPrefix(string(j), "[") {
		t.Errorf("json: %s", j)
	}
}

// The export reads customers off the UI loop: a fresher copy of a customer
// that arrives while it is written waits (the table shows it at once) and
// is taken into the store when the export is done; under -race, the write
// and the arrival run at the same time. The file has what the operator
// asked to export, with the copy that was there when x was pressed.
func TestExportReadsOffTheUILoop(t *testing.T) {
	custs := fixture()
	m := loaded(t, custs, 160, 20)
	m.setProfile("c03", model.Customer{ID: "c03", CompanyName: "Fabrikam AG", Domain: "fabrikam.onmicrosoft.de", Country: "FR"})
	path := filepath.Join(t.TempDir(), "all.json")
	press(m, "x")
	press(m, "ctrl+u")
	typeText(m, path)
	cmd := press(m, "enter")[0]
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	m.setProfile("c05", model.Customer{ID: "c05", CompanyName: "Northwind Renamed", Domain: "northwind.onmicrosoft.de", Country: "LI"})
	i := m.st.byID["c05"]
	if got := m.st.customer(i).CompanyName; got != "Northwind Renamed" {
		t.Errorf("while the export runs, the table shows %q", got)
	}
	if m.st.disp[i].field(&m.st.recs[i], dName) == "Northwind Renamed" {
		t.Error("the store rewrote a customer the export may be reading")
	}
	m.Update(<-done)
	if m.st.readers != 0 || m.export != nil {
		t.Fatalf("export not let go: readers %d", m.st.readers)
	}
	if m.st.disp[i].field(&m.st.recs[i], dName) != "Northwind Renamed" || len(m.st.repl) != 0 {
		t.Error("the fresher copy was not taken after the export")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil || len(rows) != len(custs) {
		t.Fatalf("%d rows, %v:\n%s", len(rows), err, b)
	}
	for _, r := range rows {
		if r["customerId"] == "c03" && r["country"] != "FR" {
			t.Errorf("c03 exported with country %v, want FR (fetched before x)", r["country"])
		}
		if r["customerId"] == "c05" && r["name"] != "Northwind Traders" {
			t.Errorf("c05 exported as %v, want the name it had when x was pressed", r["name"])
		}
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode().Perm())
	}
}
