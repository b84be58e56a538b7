package migrations

import (
	"strings"
	"testing"
	"time"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
)

// TestJournalAcrossRestart: migrations started here (recorded by the
// client's journal) are shown first, and each start says what became of
// them since the last: still running, then finished or failed, then
// nothing new.
func TestJournalAcrossRestart(t *testing.T) {
	r := newRig(t, rigOptions{})
	// Two migrations started elsewhere: not in this machine's journal.
	elsewhere, err := client.New(client.Options{BaseURL: r.sb.URL(), HTTPClient: r.sb.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	r.startWith(elsewhere, 2)
	var mine []string
	for _, m := range r.start(6) {
		mine = append(mine, m.ID)
	}
	entries, err := r.pc.Journal().Entries()
	if err != nil || len(entries) != 6 {
		t.Fatalf("journal after 6 created here: %d entries, %v", len(entries), err)
	}

	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	if got := m.Summary; got.Running != 6 || got.Finished+got.Failed != 0 {
		t.Errorf("first start: summary %+v, want 6 running", got)
	}
	if st := strings.Join(r.statuses(), "\n"); !strings.Contains(st, "0 finished, 0 failed, 6 still running") {
		t.Errorf("first start said %q", st)
	}
	for k := range 6 {
		if id := m.all[m.shown[k]].ID; !contains(mine, id) {
			t.Errorf("row %d is %s, not one started here: those come first", k, id)
		}
	}

	// The program ends (an SSH drop); the migrations go on.
	r.clock.Advance(10 * time.Minute)
	m = r.screen(160, 48)
	r.feed(m.Init())
	sum := m.Summary
	if sum.Running != 0 || sum.Finished+sum.Failed != 6 || sum.Failed == 0 {
		t.Errorf("second start: %+v, want the 6 finished, some failed", sum)
	}
	if st := strings.Join(r.statuses(), "\n"); !strings.Contains(st, "still running") || !strings.Contains(st, "status:failed") {
		t.Errorf("second start said %q", st)
	}
	// A third start with nothing new says nothing.
	m = r.screen(160, 48)
	r.feed(m.Init())
	if m.Summary.Total() != 0 || len(r.statuses()) != 0 {
		t.Errorf("third start, nothing new: %+v %q", m.Summary, r.statuses())
	}
	_ = model.MigrationFailed
}

func contains(ms []string, id string) bool {
	for _, m := range ms {
		if m == id {
			return true
		}
	}
	return false
}

// TestJournalDuringTheRun: a migration started during this run (the
// wizard records it in the journal) is marked » and listed first at the
// next refresh, not only after a restart.
func TestJournalDuringTheRun(t *testing.T) {
	r := newRig(t, rigOptions{})
	elsewhere, err := client.New(client.Options{BaseURL: r.sb.URL(), HTTPClient: r.sb.HTTPClient(), Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	r.startWith(elsewhere, 3)
	m := r.screen(160, 48)
	r.feed(m.Init())
	r.feed(m.Activate())
	if len(m.journal) != 0 {
		t.Fatalf("nothing started here yet, journal %v", m.journal)
	}
	// The wizard starts one (through the same client and journal).
	r.clock.Advance(time.Minute)
	mine := r.start(1)[0]
	r.refreshNow()
	if len(m.shown) != 4 {
		t.Fatalf("%d rows, want 4", len(m.shown))
	}
	if id := m.all[m.shown[0]].ID; id != mine.ID {
		t.Errorf("first row is %s, want the one started in this run, %s", id, mine.ID)
	}
	if name, _ := m.Cell(0, colCustomer); !strings.HasPrefix(name, "» ") {
		t.Errorf("first row's customer %q is not marked »", name)
	}
	// An unchanged journal is not read again.
	before := m.journalVer
	r.refreshNow()
	if m.journalVer != before || before == 0 {
		t.Errorf("journal version %d → %d", before, m.journalVer)
	}
}
