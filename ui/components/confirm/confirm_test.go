package confirm

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
)

func answer(t *testing.T, m *Model) (Answer, bool) {
	t.Helper()
	a, ended := m.Ended()
	if !ended {
		return Answer{}, false
	}
	got, ok := a.(Answer)
	if !ok {
		t.Fatalf("answer %#v is not an Answer", a)
	}
	return got, true
}

func keys(m *Model, ks ...string) {
	for _, k := range ks {
		m.Update(keytest.Press(k))
	}
}

func TestYesNo(t *testing.T) {
	tests := []struct {
		keys  []string
		yes   bool
		ended bool
	}{
		{[]string{"y"}, true, true},
		{[]string{"n"}, false, true},
		{[]string{"esc"}, false, true},
		{[]string{"enter"}, false, true}, // the default is No
		{[]string{"x"}, false, false},
		{[]string{"q"}, false, false}, // not a yes key unless asked for
	}
	for _, tt := range tests {
		m := New(&common.Context{}, Options{ID: "drop", Question: "Drop the marks?"})
		m.SetSize(80, 20)
		keys(m, tt.keys...)
		got, ended := answer(t, m)
		if ended != tt.ended || got.Yes != tt.yes || (ended && got.ID != "drop") {
			t.Errorf("%v: ended %v, answer %+v", tt.keys, ended, got)
		}
	}
	m := New(&common.Context{}, Options{ID: "quit", Question: "Quit?", YesKeys: []string{"q", "y"}})
	keys(m, "q")
	if got, ended := answer(t, m); !ended || !got.Yes {
		t.Error("an extra yes key did not confirm")
	}
}

// TestTypedWord: only the word, then enter, confirms; enter alone, a wrong
// word, or y never does; esc says no.
func TestTypedWord(t *testing.T) {
	newPrompt := func() *Model {
		m := New(&common.Context{}, Options{ID: "migrate", Question: "Migrate 3 customers?",
			Effect: "Their subscriptions move to contoso.eu.", Word: "contoso.eu"})
		m.SetSize(80, 20)
		return m
	}
	m := newPrompt()
	if !m.Capturing() {
		t.Error("a typed prompt must capture keys")
	}
	keys(m, "enter", "y", "enter")
	if _, ended := answer(t, m); ended {
		t.Fatal("enter or y confirmed a typed prompt")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "That is not contoso.eu") || !strings.Contains(v, "contoso.eu") {
		t.Errorf("no hint after a wrong word:\n%s", v)
	}
	m = newPrompt()
	for _, r := range "Contoso.EU" {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if _, ended := answer(t, m); ended {
		t.Fatal("typing confirmed before enter")
	}
	keys(m, "enter")
	if got, ended := answer(t, m); !ended || !got.Yes || got.ID != "migrate" {
		t.Errorf("the word and enter: ended %v, %+v", ended, got)
	}
	m = newPrompt()
	m.Update(tea.PasteMsg{Content: "contoso.e"})
	keys(m, "enter")
	if _, ended := answer(t, m); ended {
		t.Fatal("a word short of the target confirmed")
	}
	keys(m, "esc")
	if got, ended := answer(t, m); !ended || got.Yes {
		t.Errorf("esc: ended %v, %+v", ended, got)
	}
}

func TestViewFits(t *testing.T) {
	for _, w := range []int{20, 40, 80, 200} {
		m := New(&common.Context{}, Options{Question: "Migrate 3 customers to the tenant contoso.eu now?",
			Effect: strings.Repeat("Their subscriptions move. ", 8), Word: "contoso.eu"})
		m.SetSize(w, 20)
		for i, l := range strings.Split(m.View(), "\n") {
			if lw := ansi.StringWidth(l); lw > max(w, 16) {
				t.Errorf("width %d: line %d is %d wide", w, i, lw)
			}
		}
	}
}
