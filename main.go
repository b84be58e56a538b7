// Command mcgdash is a terminal dashboard for partner operators of Partner
// Center for Microsoft Cloud Germany. See README.md.
package main

import (
	"os"

	"github.com/mcgdash/mcgdash/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
