// Package model holds mcgdash's domain types and rules: customers,
// subscriptions, the filter grammar, the routing table and the sanitiser
// that every string from an API passes through. It performs no I/O and
// imports nothing else from mcgdash.
package model
