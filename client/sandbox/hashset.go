package sandbox

import "math/bits"

// hashSet is a set of 64-bit hashes for a known number of entries: one
// flat table, open addressing with linear probing, never resized. Drawing
// a million customers looks names and domains up about nine million
// times; Go's map spent most of the dataset's generation there.
type hashSet struct {
	slots []uint64 // 0 is an empty slot; the key 0 is kept in zero
	mask  uint64
	shift uint
	zero  bool
}

// newHashSet returns a set with room for n entries at a load of at most
// one half.
func newHashSet(n int) *hashSet {
	size := 1 << max(6, bits.Len(uint(2*n)))
	return &hashSet{slots: make([]uint64, size), mask: uint64(size - 1), shift: uint(64 - bits.Len(uint(size-1)))}
}

// home is k's first slot: the high bits of a Fibonacci hash, so that keys
// that differ only in a few bits spread out.
func (s *hashSet) home(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> s.shift & s.mask }

// has reports whether k is in the set.
func (s *hashSet) has(k uint64) bool {
	if k == 0 {
		return s.zero
	}
	for i := s.home(k); ; i = (i + 1) & s.mask {
		switch s.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// add puts k in the set. Adding more entries than the set was made for
// would fill it: the caller adds at most that many.
func (s *hashSet) add(k uint64) {
	if k == 0 {
		s.zero = true
		return
	}
	for i := s.home(k); ; i = (i + 1) & s.mask {
		switch s.slots[i] {
		case k:
			return
		case 0:
			s.slots[i] = k
			return
		}
	}
}

// tenantIndex maps the first 8 bytes of a tenant id to its customer, like
// hashSet: one flat table sized for every customer.
type tenantIndex struct {
	keys  []uint64
	idx   []int32 // customer + 1; 0 is an empty slot
	mask  uint64
	shift uint
}

func newTenantIndex(n int) *tenantIndex {
	size := 1 << max(6, bits.Len(uint(2*n)))
	return &tenantIndex{keys: make([]uint64, size), idx: make([]int32, size), mask: uint64(size - 1), shift: uint(64 - bits.Len(uint(size-1)))}
}

func (t *tenantIndex) home(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> t.shift & t.mask }

// get returns the customer whose tenant id starts with k.
func (t *tenantIndex) get(k uint64) (int32, bool) {
	for i := t.home(k); ; i = (i + 1) & t.mask {
		switch {
		case t.idx[i] == 0:
			return 0, false
		case t.keys[i] == k:
			return t.idx[i] - 1, true
		}
	}
}

// put records customer c under k, which must not be there yet.
func (t *tenantIndex) put(k uint64, c int32) {
	i := t.home(k)
	for t.idx[i] != 0 {
		i = (i + 1) & t.mask
	}
	t.keys[i], t.idx[i] = k, c+1
}
