// Package model holds rota's domain types and loads, validates and
// cross-references a planning week's data folder (docs/data-format.md).
//
// A Region is one week's whole input. Load (or LoadDir, or LoadContext
// and LoadDirContext, which stop when their context is done) reads every
// file of the folder, accepting a UTF-8 byte order mark and CRLF line ends,
// and reports every problem it finds in one run, up to 40 a file: the
// error is an errors.Join of *FieldError, each naming file, line and
// column, sorted by file, line, column and message. Unknown columns are
// not errors; they become the Region's Warnings.
//
// Files are read within limits (model/internal/infile: regular files only,
// of bounded size, line and cell length; UTF-8, comma-separated), and every
// setting and number column has a range the solvers handle (limits.go).
// Messages about people on probation leave out the values they are about
// unless Options.ShowValues.
//
// Loading runs in dependency order (settings, sites, teams, practitioners,
// interventions, service users, requirements, projects, non-associations),
// so that each file is checked against those before it; references into a
// missing file are not reported row by row. After validation Load fills
// the defaults and derived fields:
//
//   - ServiceUser.HomeLat/HomeLon from lat/lon, or the first site of the
//     user's town; Age (whole years at the week start) and Birth;
//     Available resolved against the settings' slots;
//   - Requirement.Line; Sessions of appointments from the settings by tier
//     letter or IOM when not given (appointments.A … appointments.D,
//     appointments.iom), of interventions and RAR 1; Priority 3;
//   - Team.Area the team id; Intervention.Skill its id and Gender "any";
//     Practitioner.Days Monday to Friday; Project.Hours 7, Supervisors 1;
//   - Settings.Weights.PatternChange from pattern_change_penalty.
//
// Positions (the ints taken and returned by Region's methods) are indexes
// into the Region's slices, which keep file order, so everything built
// from a Region is deterministic. The lookups (SiteIndex, CasesOf, Days,
// OpenOn, Points, AvailablePoints, Eligible …) are built once by Load; a
// Region assembled by hand has none (its lookups find nothing).
//
// Bad data is always an error, never a panic. MustDate panics on a
// malformed literal; it is for constants only.
package model
