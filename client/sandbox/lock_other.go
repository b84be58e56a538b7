//go:build !unix && !windows

package sandbox

import "os"

// lockFile is a no-op where there is no file locking (wasm, plan9): the
// in-process mutex still serialises one sandbox.
func lockFile(*os.File, bool) error { return nil }

func unlockFile(*os.File) {}
