//go:build cgo

package coin

/*
#include "shim.h"
*/
import "C"

import "sync/atomic"

// event is a point in a solve that a test can act on while the solver
// waits: the shim calls rotaEvent on the solver's thread, once per solve and
// kind, when a hook is set.
type event int

const (
	eventLPIteration event = C.ROTA_EVENT_LP_ITERATION // Clp finished an iteration (SolveLP, or an LP in Cbc)
	eventCbcStarted  event = C.ROTA_EVENT_CBC_STARTED  // Cbc's driver began: before its first LP and preprocessing
	eventCbcSearch   event = C.ROTA_EVENT_CBC_SEARCH   // branch and bound began, after preprocessing
	eventCbcSolution event = C.ROTA_EVENT_CBC_SOLUTION // the search found its first incumbent
	eventCbcNode     event = C.ROTA_EVENT_CBC_NODE     // the search finished its first node
)

// eventHook, when set, receives every event of the solves that start
// after it is set. Tests only.
var eventHook atomic.Pointer[func(event)]

// foreignHandlers counts the signal handlers the solvers installed in place
// of the program's, which the shim then put back (see shim.cpp). It stays
// 0 unless a COIN-OR call takes a signal the shim did not prevent it from
// taking.
var foreignHandlers atomic.Int64

//export rotaEvent
func rotaEvent(e C.int) {
	if h := eventHook.Load(); h != nil {
		(*h)(event(e))
	}
}
