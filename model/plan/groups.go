package plan

import (
	"errors"
	"fmt"
	"io/fs"
)

// The files of a rota's groups (docs/output-format.md).
const (
	// GroupsFile is the groups running after the week, in the format of
	// the input groups.csv: next week's input.
	GroupsFile = "groups.csv"
	// GroupSessionsFile lists each group's sessions of the week, with
	// what changed and why.
	GroupSessionsFile = "group_sessions.csv"
)

// Group is one row of the rota's groups.csv: a group running after the
// week (model.Group's columns, written as text).
type Group struct {
	ID           string `csv:"id"`
	Intervention string `csv:"intervention"`
	Site         string `csv:"site"`
	Weekday      string `csv:"weekday"`
	Slot         string `csv:"slot"`
	Facilitators string `csv:"facilitators"`
	Members      string `csv:"members"`
	SessionsDone int    `csv:"sessions_done"`
	Mode         string `csv:"mode"`
}

// Changes of a group session (GroupSession.Change): empty when the
// session kept its group's site, weekday, slot and facilitators;
// otherwise the words of what changed, or one of these.
const (
	ChangeNew     = "new"      // the first session of a group started this week
	ChangeNotHeld = "not held" // a session due that could not be held
)

// GroupSession is one session of a group this week (group_sessions.csv):
// the session of sessions.csv (empty when not held), and what changed
// from the group's site, weekday, slot and facilitators, with the reason.
type GroupSession struct {
	Group   string `csv:"group"`
	Session string `csv:"session"`
	Date    string `csv:"date"`
	Change  string `csv:"change"` // "", ChangeNew, ChangeNotHeld, or e.g. "site facilitators"
	Reason  string `csv:"reason"`
}

// GroupChange is one change of a running group's session, for
// summary.json.
type GroupChange struct {
	Group  string `json:"group"`
	Date   string `json:"date,omitempty"`
	Change string `json:"change"`
	Reason string `json:"reason"`
}

// readGroups reads the groups' files of a rota folder, when present (a
// week without groups has none).
func readGroups(fsys fs.FS, p *Plan) error {
	for _, f := range []struct {
		name string
		into any
	}{{GroupsFile, &p.Groups}, {GroupSessionsFile, &p.GroupSessions}} {
		if _, err := fs.Stat(fsys, f.name); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := readCSV(fsys, f.name, f.into); err != nil {
			return fmt.Errorf("plan: %s: %w", f.name, err)
		}
	}
	return nil
}

// FileWriter writes one file of an output folder by name (a Folder, or a
// folder inside one: see Within).
type FileWriter interface {
	WriteFile(name string, b []byte) error
}

// WriteFiles writes every file of the plan through w.
func (p *Plan) WriteFiles(w FileWriter) error { return writeFolderFiles(w, p.encode) }

// WriteFiles writes the caseload files through w.
func (c *Caseload) WriteFiles(w FileWriter) error { return writeFolderFiles(w, c.encode) }

// Within writes into the folder sub of w ("week-01"): the weeks of
// rota solve --weeks are folders of one output folder, written as a unit.
func Within(w FileWriter, sub string) FileWriter { return within{w, sub} }

type within struct {
	w   FileWriter
	sub string
}

func (s within) WriteFile(name string, b []byte) error { return s.w.WriteFile(s.sub+"/"+name, b) }
