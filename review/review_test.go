package review

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mcgdash/mcgdash/model"
)

func open(t *testing.T, path, key string) *Store {
	t.Helper()
	s, err := Open(path, key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestAcrossRestart: what is saved is there after the store is closed
// and opened again, per review.
func TestAcrossRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state", FileName)
	s, err := Open(path, "germany/sandbox")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, Mark(true, "a", "b"), Decide(model.DecisionMigrate, "a"), SetNote("a", "call first\x1b[31m"),
		SetCheck("b", model.CheckFailed, "no reseller relationship"), Mark(false, "b"), SetName("a", "Contoso")); err != nil {
		t.Fatal(err)
	}
	other := open(t, path, "global/other")
	if err := other.Apply(ctx, Decide(model.DecisionSkip, "a")); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()

	s = open(t, path, "germany/sandbox")
	got, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, b := got["a"], got["b"]
	if !a.Marked || a.Decision != model.DecisionMigrate || a.Note != "call first" || a.Name != "Contoso" {
		t.Errorf("a: %+v", a)
	}
	if b.Marked || b.Check != model.CheckFailed || b.CheckReason != "no reseller relationship" || b.Decision != model.DecisionNone {
		t.Errorf("b: %+v", b)
	}
	if len(got) != 2 {
		t.Errorf("entries: %v", got)
	}
	if o, _ := other.Load(ctx); o["a"].Decision != model.DecisionSkip || o["a"].Marked {
		t.Errorf("the other review: %+v", o["a"])
	}
}

// TestTwoInstances: two stores on one file write at once, to the same
// customers and to others, each change in its own transaction; nothing
// either wrote is lost.
func TestTwoInstances(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s1, s2 := open(t, path, "r"), open(t, path, "r")
	const n = 60
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for i := range n {
		id := fmt.Sprintf("c%03d", i)
		wg.Go(func() { errs <- s1.Apply(ctx, Mark(true, id)) })
		wg.Go(func() { errs <- s2.Apply(ctx, Decide(model.DecisionFollowUp, id)) })
		wg.Go(func() { errs <- s2.Apply(ctx, SetNote(id, "note "+id)) })
		wg.Go(func() { errs <- s1.Apply(ctx, SetCheck(id, model.CheckEligible, "")) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s1.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		id := fmt.Sprintf("c%03d", i)
		e := got[id]
		if !e.Marked || e.Decision != model.DecisionFollowUp || e.Note != "note "+id || e.Check != model.CheckEligible {
			t.Errorf("%s lost a change: %+v", id, e)
		}
	}
}

// TestApplyAllOrNothing: a bad op fails the whole change.
func TestApplyAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), FileName), "r")
	err := s.Apply(ctx, Mark(true, "a"), Op{Field: FieldDecision, IDs: []string{"a"}, Value: "maybe"})
	if err == nil {
		t.Fatal("a bad decision was saved")
	}
	if got, _ := s.Load(ctx); len(got) != 0 {
		t.Errorf("half a change was saved: %v", got)
	}
}
