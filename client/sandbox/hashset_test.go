package sandbox

import (
	mrand "math/rand/v2"
	"testing"
)

// hashSet and tenantIndex answer as Go maps of the same keys do, with
// keys that collide in their home slot, the key 0, and growth.
func TestHashSetMatchesMap(t *testing.T) {
	const n = 5000
	r := mrand.New(mrand.NewPCG(1, 2))
	set, idx := newHashSet(), newTenantIndex()
	inSet, inIdx := map[uint64]bool{}, map[uint64]int32{}
	keys := []uint64{0, 1, 1 << 63}
	for len(keys) < n {
		k := r.Uint64()
		if r.IntN(4) == 0 {
			k &= 0xff // small keys, many sharing a home slot
		}
		keys = append(keys, k)
	}
	for c, k := range keys {
		if set.has(k) != inSet[k] {
			t.Fatalf("has(%d) before add = %v", k, set.has(k))
		}
		set.add(k)
		inSet[k] = true
		if _, ok := inIdx[k]; !ok {
			idx.put(k, int32(c))
			inIdx[k] = int32(c)
		}
	}
	for range 4 * n {
		k := keys[r.IntN(len(keys))]
		if r.IntN(2) == 0 {
			k = r.Uint64()
		}
		if set.has(k) != inSet[k] {
			t.Fatalf("has(%d) = %v, want %v", k, set.has(k), inSet[k])
		}
		c, ok := idx.get(k)
		if want, wok := inIdx[k]; ok != wok || c != want {
			t.Fatalf("get(%d) = %d %v, want %d %v", k, c, ok, want, wok)
		}
	}
}
