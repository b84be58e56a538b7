// Package cmdtest runs Bubble Tea commands in tests the way Bubble Tea
// does: every command on its own goroutine, the commands of a batch at the
// same time, and each message back through Update on one goroutine. Run
// under -race, a command closure that reads the model while the next
// Update writes it is caught — running them one after another hid such a
// race once.
package cmdtest

import (
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Timeout bounds how long Loop waits for any one message.
var Timeout = 15 * time.Second

var cmdType = reflect.TypeFor[tea.Cmd]()

// Loop runs cmd and the commands that follow from it until none is left.
// Each message for which feed returns true goes to update (on the calling
// goroutine, one at a time, as in Bubble Tea's loop) and the command it
// returns is run in turn; the other messages are returned, in the order
// they arrived. A nil feed feeds nothing: Loop then only runs cmd, its
// batches and sequences, concurrently, and returns every message.
func Loop(t testing.TB, update func(tea.Msg) tea.Cmd, cmd tea.Cmd, feed func(tea.Msg) bool) []tea.Msg {
	t.Helper()
	results := make(chan tea.Msg)
	pending := 0
	start := func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() { results <- c() }()
	}
	start(cmd)
	var out []tea.Msg
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	for pending > 0 {
		var msg tea.Msg
		select {
		case msg = <-results:
			pending--
		case <-timer.C:
			t.Fatalf("cmdtest: a command did not return within %v", Timeout)
			return out
		}
		timer.Reset(Timeout)
		switch m := msg.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				start(c)
			}
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			// tea.Sequence: one after another, on a goroutine of their own.
			var cmds []tea.Cmd
			for i := range v.Len() {
				if c, _ := v.Index(i).Interface().(tea.Cmd); c != nil {
					cmds = append(cmds, c)
				}
			}
			pending += len(cmds)
			go func() {
				for _, c := range cmds {
					results <- c()
				}
			}()
			continue
		}
		if feed != nil && update != nil && feed(msg) {
			start(update(msg))
			continue
		}
		out = append(out, msg)
	}
	return out
}

// Run runs cmd with its batches and sequences concurrently and returns
// every message.
func Run(t testing.TB, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return Loop(t, nil, cmd, nil)
}

// All feeds every message.
func All(tea.Msg) bool { return true }
