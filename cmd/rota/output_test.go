package main

import (
	"context"
	"testing"
	"time"
)

// TestBudget: --time-limit is shared out from the command's start.
func TestBudget(t *testing.T) {
	b := budget{start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), limit: 20 * time.Second}
	ctx, cancel := b.balanceContext(context.Background())
	defer cancel()
	if d, ok := ctx.Deadline(); !ok || !d.Equal(b.start.Add(10*time.Second)) {
		t.Errorf("balancing deadline %v (%v), want half the limit after the start", d, ok)
	}
	ctx, cancel = b.weekContext(context.Background())
	defer cancel()
	if d, ok := ctx.Deadline(); !ok || !d.Equal(b.start.Add(19200*time.Millisecond)) {
		t.Errorf("week deadline %v (%v), want the limit less its 1/25 for writing after the start", d, ok)
	}
	none := budget{start: b.start}
	ctx, cancel = none.balanceContext(context.Background())
	defer cancel()
	if _, ok := ctx.Deadline(); ok || none.weekLimit() != 0 {
		t.Error("no limit gave a deadline")
	}
}
