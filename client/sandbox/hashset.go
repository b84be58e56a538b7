package sandbox

import "math/bits"

// hashSet is a set of 64-bit hashes: one flat table, open addressing with
// linear probing, doubled when half full. Drawing a million customers
// looks names and domains up about nine million times; Go's map spent
// most of the dataset's generation there.
type hashSet struct {
	slots []uint64 // 0 is an empty slot; the key 0 is kept in zero
	n     int      // keys in slots
	shift uint
	zero  bool
}

// minTable is the smallest table; tables grow as customers are drawn, so
// a large sandbox costs nothing before its pages are asked for.
const minTable = 1 << 10

func newHashSet() *hashSet {
	return &hashSet{slots: make([]uint64, minTable), shift: uint(64 - bits.Len(minTable-1))}
}

// home is k's first slot in a table of 1<<(64-shift): the high bits of a
// Fibonacci hash, so that keys that differ in a few bits spread out.
func home(k uint64, shift uint) uint64 { return (k * 0x9e3779b97f4a7c15) >> shift }

// has reports whether k is in the set.
func (s *hashSet) has(k uint64) bool {
	if k == 0 {
		return s.zero
	}
	mask := uint64(len(s.slots) - 1)
	for i := home(k, s.shift); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// add puts k in the set.
func (s *hashSet) add(k uint64) {
	if k == 0 {
		s.zero = true
		return
	}
	if 2*(s.n+1) > len(s.slots) {
		old := s.slots
		s.slots, s.n, s.shift = make([]uint64, 2*len(old)), 0, s.shift-1
		for _, k := range old {
			if k != 0 {
				s.add(k)
			}
		}
	}
	mask := uint64(len(s.slots) - 1)
	for i := home(k, s.shift); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return
		case 0:
			s.slots[i] = k
			s.n++
			return
		}
	}
}

// tenantIndex maps the first 8 bytes of a tenant id to its customer, a
// table like hashSet's.
type tenantIndex struct {
	keys  []uint64
	idx   []int32 // customer + 1; 0 is an empty slot
	n     int
	shift uint
}

func newTenantIndex() *tenantIndex {
	return &tenantIndex{keys: make([]uint64, minTable), idx: make([]int32, minTable), shift: uint(64 - bits.Len(minTable-1))}
}

// get returns the customer whose tenant id starts with k.
func (t *tenantIndex) get(k uint64) (int32, bool) {
	mask := uint64(len(t.keys) - 1)
	for i := home(k, t.shift); ; i = (i + 1) & mask {
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
	if 2*(t.n+1) > len(t.keys) {
		keys, idx := t.keys, t.idx
		t.keys, t.idx, t.n, t.shift = make([]uint64, 2*len(keys)), make([]int32, 2*len(keys)), 0, t.shift-1
		for j, c := range idx {
			if c != 0 {
				t.put(keys[j], c-1)
			}
		}
	}
	mask := uint64(len(t.keys) - 1)
	i := home(k, t.shift)
	for t.idx[i] != 0 {
		i = (i + 1) & mask
	}
	t.keys[i], t.idx[i] = k, c+1
	t.n++
}
