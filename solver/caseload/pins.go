package caseload

import "github.com/probation/rota/model"

// pinnedCases marks the cases with an appointment pin (pins.csv, or a
// re-plan's kept past): the pin names the case manager, or fixes a slot
// chosen with them, so balancing keeps such a case with its current case
// manager when they may keep it (kindPinned), its points in their load.
// A case its case manager may not keep (a required move) still moves:
// the pin is then kept, or reported as not kept, with the new one.
func pinnedCases(r *model.Region) []bool {
	out := make([]bool, len(r.ServiceUsers))
	for _, p := range r.Pins.List {
		if p.Kind == model.PinAppointment && p.User >= 0 && p.User < len(out) {
			out[p.User] = true
		}
	}
	return out
}
