package customers

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/mcgdash/mcgdash/client"
	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/theme"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/internal/cmdtest"
	"github.com/mcgdash/mcgdash/ui/internal/keytest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// fixture is a small, varied customer base: umlauts, wide characters,
// every relationship, several countries.
func fixture() []model.Customer {
	mk := func(id, name, domain, tenant string, rel model.Relationship, country string) model.Customer {
		return model.Customer{ID: id, CompanyName: name, Domain: domain, TenantID: tenant,
			Relationship: rel, Country: country, City: "Berlin", Email: "it@" + domain, CommerceID: "cm-" + id}
	}
	return []model.Customer{
		mk("c01", "Müller Maschinenbau GmbH", "mueller-mb.onmicrosoft.de", "aa11bb22-0000-4000-8000-000000000001", model.RelationshipReseller, "DE"),
		mk("c02", "Contoso GmbH", "contoso.onmicrosoft.de", "bb22cc33-0000-4000-8000-000000000002", model.RelationshipReseller, "DE"),
		mk("c03", "Fabrikam AG", "fabrikam.onmicrosoft.de", "cc33dd44-0000-4000-8000-000000000003", model.RelationshipAdvisor, "AT"),
		mk("c04", "Bäckerei Schmidt e.K.", "baeckerei-schmidt.de", "dd44ee55-0000-4000-8000-000000000004", model.RelationshipNone, "DE"),
		mk("c05", "Northwind Traders", "northwind.onmicrosoft.de", "ee55ff66-0000-4000-8000-000000000005", model.RelationshipSyndication, "CH"),
		mk("c06", "Adatum Müller KG", "adatum.de", "ff667788-0000-4000-8000-000000000006", model.RelationshipReseller, "DE"),
		mk("c07", "東京 Trading GmbH", "tokyo-trading.de", "11223344-0000-4000-8000-000000000007", model.RelationshipMicrosoftSupport, "JP"),
		mk("c08", "Woodgrove Bank", "woodgrove.onmicrosoft.de", "22334455-0000-4000-8000-000000000008", model.RelationshipAdvisor, "DE"),
		mk("c09", "Litware Inc.", "litware.com", "33445566-0000-4000-8000-000000000009", model.RelationshipReseller, "US"),
		mk("c10", "Tailspin Toys GmbH & Co. KG with a very long company name indeed", "tailspin.onmicrosoft.de", "44556677-0000-4000-8000-000000000010", model.RelationshipReseller, "AT"),
	}
}

func newContext() *common.Context {
	return &common.Context{Ctx: context.Background(), Styles: theme.New(true), Env: model.EnvGermany}
}

// newModel is the screen with no debounce: the tests never sleep for it.
func newModel(c *common.Context) *Model {
	m := New(c)
	m.SetDebounce(0)
	return m
}

// loaded returns a screen of w×h with custs delivered as one page.
func loaded(t testing.TB, custs []model.Customer, w, h int) *Model {
	t.Helper()
	m := newModel(newContext())
	m.SetSize(w, h)
	m.Update(pageMsg{owner: m, page: client.Page{Customers: custs, Total: len(custs)}, done: true})
	return m
}

// press sends keys and returns the commands they produced.
func press(m *Model, keys ...string) []tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range keys {
		_, cmd := m.Update(keytest.Press(k))
		cmds = append(cmds, cmd)
	}
	return cmds
}

// typeText types s into whatever has the keyboard, one key per rune.
func typeText(m *Model, s string) {
	for _, r := range s {
		if r == ' ' {
			press(m, "space")
			continue
		}
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// drain runs cmd and feeds what it produces back into m, like the Bubble
// Tea loop would, and returns the messages meant for other parts of the
// program (status, counts, sign-in, screen switches).
//
// The commands run concurrently, as in Bubble Tea (ui/internal/cmdtest), so
// that under -race a closure reading the model is caught.
func drain(t testing.TB, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return cmdtest.Loop(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }, cmd, func(msg tea.Msg) bool {
		switch msg.(type) {
		case pageMsg, subsMsg, detailMsg, visibleMsg, profileMsg:
			return true
		}
		return false
	})
}

func names(cs []model.Customer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.CompanyName
	}
	return out
}

func ids(cs []model.Customer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %v\nwant %v", what, got, want)
	}
}

// ascii writes s through a colour profile writer pinned to Ascii, so
// goldens keep attributes (bold, reverse) but no colours, whatever the
// terminal running the tests.
func ascii(s string) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	_, _ = io.WriteString(w, s)
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// Update2 is Update returning only the command.
func (m *Model) Update2(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }

// settle waits for the running job and runs what is pending at once, as
// if every job command had been run and its result taken.
func (m *Model) settle() {
	a := m.anchor()
	if j := m.st.job; j != nil {
		m.st.take(j.result())
	}
	m.st.settle()
	m.tbl.SetSort(int(m.st.sortBy), m.st.desc)
	m.restore(a)
}
