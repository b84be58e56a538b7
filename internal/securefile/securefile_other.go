//go:build !unix

package securefile

import (
	"crypto/rand"
	"encoding/hex"
	"io/fs"
)

// Windows has neither O_NOFOLLOW nor Unix mode bits; the user's profile
// directory's ACL protects these files instead.
const (
	noFollow     = 0
	privateModes = false
)

func checkOwner(string, fs.FileInfo) error { return nil }

func isLoop(error) bool { return false }

func randomSuffix() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
