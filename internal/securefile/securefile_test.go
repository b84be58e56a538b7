//go:build unix

package securefile_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcgdash/mcgdash/internal/securefile"
)

func refused(t *testing.T, err error, want string) {
	t.Helper()
	var se *securefile.Error
	if !errors.As(err, &se) || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v, want a refusal with %q", err, want)
	}
}

func TestPrivateDir(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "a", "mcgdash")
	if err := securefile.PrivateDir(dir); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Fatalf("created with mode %v", fi.Mode().Perm())
	}
	open := filepath.Join(base, "open")
	os.Mkdir(open, 0o755)
	os.Chmod(open, 0o755)
	refused(t, securefile.PrivateDir(open), "chmod 700 "+open)

	link := filepath.Join(base, "link")
	os.Symlink(dir, link)
	refused(t, securefile.PrivateDir(link), "symbolic link")
}

// TestWriteFileNeverWritesThroughALink: another user who could plant a
// link where the key goes must not make mcgdash overwrite a file.
func TestWriteFileNeverWritesThroughALink(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "cache")
	if err := securefile.PrivateDir(dir); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(base, "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)
	key := filepath.Join(dir, "sandbox.key")
	os.Symlink(victim, key)
	if err := securefile.WriteFile(key, []byte("new key")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Fatalf("the link's target was overwritten: %q", b)
	}
	fi, err := os.Lstat(key)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key is %v, %v; want a regular 0600 file", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestWriteFileChecksTheDirectoryFirst: a directory others can write is
// refused before anything is written into it.
func TestWriteFileChecksTheDirectoryFirst(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(dir, 0o777)
	refused(t, securefile.WriteFile(filepath.Join(dir, "sandbox.key"), []byte("k")), "chmod 700")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("wrote into a directory it refused: %v", entries)
	}
}

func TestOpenAppend(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mcgdash.log")
	f, err := securefile.OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("one\n")
	f.Close()
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("log created with mode %v", fi.Mode().Perm())
	}
	if f, err = securefile.OpenAppend(p); err != nil {
		t.Fatal(err)
	}
	f.WriteString("two\n")
	f.Close()
	if b, _ := os.ReadFile(p); string(b) != "one\ntwo\n" {
		t.Errorf("log %q", b)
	}

	os.Chmod(p, 0o644)
	_, err = securefile.OpenAppend(p)
	refused(t, err, "chmod 600 "+p)

	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)
	link := filepath.Join(dir, "link.log")
	os.Symlink(victim, link)
	_, err = securefile.OpenAppend(link)
	refused(t, err, "symbolic link")
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("appended through a link: %q", b)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "token")
	os.WriteFile(p, []byte("secret"), 0o600)
	if b, err := securefile.ReadFile(p, 64); err != nil || string(b) != "secret" {
		t.Fatalf("%q, %v", b, err)
	}
	_, err := securefile.ReadFile(p, 3)
	refused(t, err, "larger than 3 bytes")
	os.Chmod(p, 0o644)
	_, err = securefile.ReadFile(p, 64)
	refused(t, err, "chmod 600 "+p)
	refused(t, err, "mode 0644")
	_, err = securefile.ReadFile(dir, 64)
	refused(t, err, "not a regular file")
}

// TestOtherUsersFiles needs root to make a file another user's.
func TestOtherUsersFiles(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to chown a file to another user")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "log")
	os.WriteFile(p, nil, 0o600)
	if err := os.Chown(p, 65534, 65534); err != nil {
		t.Skip(err)
	}
	_, err := securefile.OpenAppend(p)
	refused(t, err, "belongs to another user")
	_, err = securefile.ReadFile(p, 10)
	refused(t, err, "belongs to another user")
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	os.Chown(sub, 65534, 65534)
	refused(t, securefile.PrivateDir(sub), "belongs to another user")
}
