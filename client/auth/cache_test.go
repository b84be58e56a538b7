//go:build unix

package auth

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"
)

type marshaler []byte

func (m marshaler) Marshal() ([]byte, error) { return m, nil }

// TestCacheNeverWrittenThroughALink: a cache directory that is a link to
// a private directory elsewhere, or a cache file that is a link, is never
// written through.
func TestCacheNeverWrittenThroughALink(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	os.Mkdir(real, 0o700)
	link := filepath.Join(base, "link")
	os.Symlink(real, link)
	f := &fileCache{path: filepath.Join(link, "cache.json")}
	err := f.Export(context.Background(), marshaler("{}"), cache.ExportHints{})
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("a linked cache directory: got %v", err)
	}
	if entries, _ := os.ReadDir(real); len(entries) != 0 {
		t.Fatalf("wrote through the link: %v", entries)
	}

	dir := filepath.Join(base, "cache")
	os.Mkdir(dir, 0o700)
	victim := filepath.Join(base, "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)
	f = &fileCache{path: filepath.Join(dir, "cache.json")}
	os.Symlink(victim, f.path)
	if err := f.Export(context.Background(), marshaler("{}"), cache.ExportHints{}); err == nil {
		t.Fatal("a cache file that is a link was accepted")
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Fatalf("the link's target was overwritten: %q", b)
	}
}
