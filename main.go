// Command mcgdash is a terminal dashboard for partner operators of Partner
// Center for Microsoft Cloud Germany. See README.md.
package main

import (
	"os"
	"runtime/debug"

	"github.com/mcgdash/mcgdash/cli"
)

// memoryLimit is the heap the garbage collector aims to stay under unless
// GOMEMLIMIT says otherwise: with a million customers (and the sandbox
// serving them) about half of it is live, and without a limit the heap may
// grow to twice what is live before a collection.
const memoryLimit = 800 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
