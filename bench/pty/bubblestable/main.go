// Command bubblestable is the baseline of bench/pty/ptybench.py: a plain
// bubbles table of 5,000 rows with the customers screen's columns, full
// screen, moved with the same keys.
package main

import (
	"fmt"
	"os"

	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

type model struct{ t table.Model }

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.t.SetWidth(msg.Width)
		m.t.SetHeight(msg.Height - 1)
	case tea.KeyPressMsg:
		if msg.String() == "q" {
			return m, tea.Quit
		}
	}
	var cmd tea.Cmd
	m.t, cmd = m.t.Update(msg)
	return m, cmd
}

func (m model) View() tea.View {
	v := tea.NewView("ready\n" + m.t.View())
	v.AltScreen = true
	return v
}

func main() {
	cols := []table.Column{{Title: "Name", Width: 38}, {Title: "Domain", Width: 33}, {Title: "Tenant", Width: 8},
		{Title: "Relation", Width: 10}, {Title: "Country", Width: 7}, {Title: "Subs", Width: 4}, {Title: "Status", Width: 9}}
	rows := make([]table.Row, 5000)
	for i := range rows {
		rows[i] = table.Row{fmt.Sprintf("Customer %04d Maschinenbau GmbH", i), fmt.Sprintf("customer%04d.onmicrosoft.de", i),
			fmt.Sprintf("%08x", i*2654435761), "reseller", "DE", "3", "active"}
	}
	st := table.DefaultStyles()
	st.Selected = st.Selected.Reverse(true).Foreground(lipgloss.NoColor{})
	t := table.New(table.WithColumns(cols), table.WithRows(rows), table.WithFocused(true), table.WithStyles(st))
	if _, err := tea.NewProgram(model{t: t}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
