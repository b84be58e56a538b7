package migrations

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/model"
	"github.com/mcgdash/mcgdash/ui/common"
)

// TestReadmeKeys: every key the migrations screen lists on ? is in the
// README's keys table under "migrations".
func TestReadmeKeys(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## Keys")
	end := strings.Index(text[start+1:], "\n## ")
	ticked := regexp.MustCompile("`([^`]+)`")
	have := map[string]bool{}
	where := ""
	for line := range strings.SplitSeq(text[start:start+1+end], "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			continue
		}
		if w := strings.TrimSpace(cells[1]); w != "" {
			where = w
		}
		if where != "migrations" {
			continue
		}
		for _, m := range ticked.FindAllStringSubmatch(cells[2]+cells[3], -1) {
			for k := range strings.FieldsSeq(m[1]) {
				have[k] = true
			}
		}
	}
	names := map[string]string{"up": "↑", "down": "↓", "shift+up": "shift+↑", "shift+down": "shift+↓"}
	m := New(&common.Context{Env: model.EnvGermany}, Options{})
	for _, group := range m.FullHelp() {
		for _, b := range group {
			for _, k := range b.Keys() {
				if n, ok := names[k]; ok {
					k = n
				}
				if !have[k] {
					t.Errorf("key %q (%s) is not in the README's migrations rows", k, b.Help().Desc)
				}
			}
		}
	}
}
