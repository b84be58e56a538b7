//go:build unix

package securefile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

const (
	noFollow     = syscall.O_NOFOLLOW
	privateModes = true
)

// checkOwner refuses a file or directory that belongs to another user.
func checkOwner(path string, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if uid := os.Getuid(); int(st.Uid) != uid {
		return &Error{Path: path, Problem: fmt.Sprintf("it belongs to another user (uid %d, you are %d)", st.Uid, uid)}
	}
	return nil
}

// isLoop reports whether an open with O_NOFOLLOW failed on a link.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }

func randomSuffix() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
