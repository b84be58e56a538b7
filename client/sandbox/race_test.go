//go:build race

package sandbox

// raceEnabled relaxes timing assertions: the race detector slows code down.
const raceEnabled = true
