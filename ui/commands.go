package ui

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/mcgdash/mcgdash/ui/common"
)

// signInCommand opens the partner's sign-in.
const signInCommand = "signin"

// commands lists every ":" command with the screen id it leads to ("" for
// quit, signInCommand for the sign-in).
func (a *App) commands() map[string]string {
	cmds := map[string]string{"q": "", "quit": "", "q!": ""}
	if a.newSignIn != nil {
		cmds[signInCommand] = signInCommand
	}
	for _, s := range a.screens {
		cmds[s.ID()] = s.ID()
		if al, ok := s.Screen.(Aliased); ok {
			for _, name := range al.Aliases() {
				cmds[name] = s.ID()
			}
		}
		if cm, ok := s.Screen.(common.Commander); ok {
			for _, name := range cm.Commands() {
				cmds[name] = s.ID()
			}
		}
	}
	for name, id := range a.opts.Aliases {
		if a.index(id) >= 0 {
			cmds[name] = id
		}
	}
	return cmds
}

func (a *App) run(line string) tea.Cmd {
	a.clearStatus(common.Success)
	if line == "" {
		return nil
	}
	name := strings.ToLower(strings.Fields(line)[0])
	id, ok := a.commands()[name]
	switch {
	case ok && id == "" && name == "q!":
		return tea.Quit
	case ok && id == "":
		return a.quit()
	case ok && id == signInCommand:
		return a.needSignIn(common.NeedSignInMsg{Reason: "asked for with :signin"})
	case ok && a.isAction(name):
		fields := strings.Fields(line)
		return tea.Batch(a.switchTo(id, nil), a.updateScreen(a.index(id), common.CommandMsg{Name: name, Args: fields[1:]}))
	case ok:
		return a.switchTo(id, nil)
	}
	if n, err := strconv.Atoi(name); err == nil && n >= 1 && n <= len(a.screens) {
		return a.show(n - 1)
	}
	names := make([]string, 0, len(a.screens))
	for _, s := range a.screens {
		names = append(names, ":"+s.ID())
	}
	names = append(names, ":q")
	a.setStatus(common.StatusMsg{Level: common.Error,
		Text: "Unknown command :" + name + " — try " + strings.Join(names, ", ")})
	return nil
}

// isAction reports whether name is a Commander's command rather than a
// screen's name or alias.
func (a *App) isAction(name string) bool {
	for _, s := range a.screens {
		if cm, ok := s.Screen.(common.Commander); ok && slices.Contains(cm.Commands(), name) {
			return true
		}
	}
	return false
}

// commandNames lists every ":" command: each screen's id in tab order,
// then aliases in order, then sign-in and quit.
func (a *App) commandNames() []string {
	cmds := a.commands()
	var ids, aliases []string
	for _, sc := range a.screens {
		ids = append(ids, sc.ID())
	}
	for name, id := range cmds {
		if id != "" && id != signInCommand && !slices.Contains(ids, name) {
			aliases = append(aliases, name)
		}
	}
	sort.Strings(aliases)
	names := append(ids, aliases...)
	if a.newSignIn != nil {
		names = append(names, signInCommand)
	}
	return append(names, "q", "quit", "q!")
}

// commandList describes the ":" commands for help, for example
// ":customers (:cust), :routes, :q".
func (a *App) commandList() string {
	cmds := a.commands()
	var parts []string
	for _, sc := range a.screens {
		part := ":" + sc.ID()
		var aliases []string
		for name, id := range cmds {
			if id == sc.ID() && name != id && !a.isAction(name) {
				aliases = append(aliases, ":"+name)
			}
		}
		if len(aliases) > 0 {
			sort.Strings(aliases)
			part += " (" + strings.Join(aliases, " ") + ")"
		}
		parts = append(parts, part)
	}
	for _, sc := range a.screens {
		if cm, ok := sc.Screen.(common.Commander); ok {
			for _, name := range cm.Commands() {
				parts = append(parts, ":"+name)
			}
		}
	}
	if a.newSignIn != nil {
		parts = append(parts, ":"+signInCommand)
	}
	return strings.Join(append(parts, ":q"), ", ")
}
