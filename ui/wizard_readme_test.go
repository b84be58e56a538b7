package ui

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
	"github.com/mcgdash/mcgdash/ui/wizard"
)

// TestReadmeWizardKeys: every key of the migration wizard that ? lists is
// in the README's keys table under "migration wizard", and m under
// "customers".
func TestReadmeWizardKeys(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## Keys")
	section := text[start : start+1+strings.Index(text[start+1:], "\n## ")]
	ticked := regexp.MustCompile("`([^`]+)`")
	keys := map[string]map[string]bool{}
	where := ""
	for line := range strings.SplitSeq(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
			continue
		}
		if w := strings.TrimSpace(cells[1]); w != "" {
			where = w
		}
		if keys[where] == nil {
			keys[where] = map[string]bool{}
		}
		for _, m := range ticked.FindAllStringSubmatch(cells[2], -1) {
			for k := range strings.FieldsSeq(m[1]) {
				keys[where][k] = true
			}
		}
	}
	names := map[string]string{"up": "↑", "down": "↓"}
	w := wizard.New(&common.Context{Env: model.EnvGermany}, nil)
	for _, g := range w.FullHelp() {
		for _, b := range g {
			for _, k := range b.Keys() {
				if n, ok := names[k]; ok {
					k = n
				}
				if !keys["migration wizard"][k] {
					t.Errorf("wizard key %q (%s) is not in the README's keys table", k, b.Help().Desc)
				}
			}
		}
	}
	if !keys["customers"]["m"] {
		t.Error("m (migrate) is not in the README's customers keys")
	}
}
