// Package scenario answers a planner's "what if": close a site (altogether,
// from a date, or on some weekdays), open one, change a site's days or
// rooms, take practitioners out or change their hours, change the caseload
// target or the travel limit, and see the difference side by side.
//
// A change is a line of text read by [Parse] ("close:hinckley:fri"; the
// syntax is in docs/scenarios.md). [Apply] makes changes to a data folder's
// CSV files, row by row, and loads the result with model.Load, so the
// changed folder obeys every rule of docs/data-format.md and a change that
// breaks one is refused with the file and line it breaks. [Run] plans the
// week before and after: caseloads balanced on each side (unless
// Options.NoBalance), the same seed and settings, and the scenario solved
// with the baseline rota as a reference (solver.Options.Baseline), each
// departure from it costing Options.ChangePenalty, so that the
// differences it shows are the ones the change forces rather than the
// solver's choice between plans of equal worth. Both rotas are checked
// with check.Check.
//
// The [Report] gives each figure before and after ([KPI]: coverage, unmet
// by intervention, travel, sessions and appointments per site, facilitator
// hours, caseload spread and moves) and every person affected ([Affected]:
// who moves site or time, changes case manager, loses or gains an
// appointment, session or work party, how their travel changes, and why).
// [Report.WriteDir] writes affected.csv, kpis.csv and summary.json with
// both rota folders and their data folders, which `rota check` verifies.
package scenario
