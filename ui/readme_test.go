package ui

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/components/cmdline"
	"github.com/mcgdash/mcgdash/ui/components/confirm"
	"github.com/mcgdash/mcgdash/ui/components/keyhelp"
	"github.com/mcgdash/mcgdash/ui/customers"
	"github.com/mcgdash/mcgdash/ui/migrations"
	"github.com/mcgdash/mcgdash/ui/routes"
	"github.com/mcgdash/mcgdash/ui/signin"
	"github.com/mcgdash/mcgdash/ui/wizard"
)

// readmeKeys is the set of `keys` in the README's Keys section, by the
// "where" of their row.
func readmeKeys(t *testing.T) map[string]map[string]bool {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## Keys")
	end := strings.Index(text[start+1:], "\n## ")
	section := text[start : start+1+end]
	ticked := regexp.MustCompile("`([^`]+)`")
	out := map[string]map[string]bool{}
	where := ""
	for line := range strings.SplitSeq(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
			continue
		}
		if w := strings.TrimSpace(cells[1]); w != "" {
			where = w
		}
		if out[where] == nil {
			out[where] = map[string]bool{}
		}
		for _, m := range ticked.FindAllStringSubmatch(cells[2]+cells[3], -1) {
			for k := range strings.FieldsSeq(m[1]) {
				out[where][k] = true
			}
		}
	}
	return out
}

// readmeNames are the README's names for keys: arrows, and the digits
// of "1 … 9".
var readmeNames = map[string]string{"up": "↑", "down": "↓", "shift+up": "shift+↑", "shift+down": "shift+↓",
	"2": "1", "3": "1", "4": "1", "5": "1", "6": "1", "7": "1", "8": "1"}

// TestReadmeKeys: every key that ? lists — the frame's, each screen's and
// each layer's — is in the README's table under its place, so the two
// agree.
func TestReadmeKeys(t *testing.T) {
	readme := readmeKeys(t)
	c := &common.Context{Env: model.EnvGermany}
	fk := DefaultKeyMap()
	places := map[string][][]key.Binding{
		"everywhere":       {{fk.Quit, fk.ForceQuit, fk.Help, fk.Command, fk.Tabs}},
		"customers":        customers.New(c).FullHelp(),
		"routes":           routes.New(c).FullHelp(),
		"sign-in":          signin.New(c, nil, signin.Options{}).FullHelp(),
		"help":             keyhelp.New(nil, "", nil).FullHelp(),
		"confirmation":     confirm.New(c, confirm.Options{}).FullHelp(),
		"command line":     cmdline.New(nil, nil).FullHelp(),
		"migrations":       migrations.New(c, migrations.Options{}).FullHelp(),
		"migration wizard": wizard.New(c, nil).FullHelp(),
	}
	for place, groups := range places {
		if readme[place] == nil {
			t.Errorf("the README's keys table has no %q rows", place)
			continue
		}
		for _, g := range groups {
			for _, b := range g {
				for _, k := range b.Keys() {
					if shown, ok := readmeNames[k]; ok {
						k = shown
					}
					if !readme[place][k] && !readme["everywhere"][k] {
						t.Errorf("%s: key %q (%s) is not in the README", place, k, b.Help().Desc)
					}
				}
			}
		}
	}
}
