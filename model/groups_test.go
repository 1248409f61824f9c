package model

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

const groupsHeader = "id,intervention,site,weekday,slot,facilitators,members,sessions_done,mode\n"

// withGroups is the valid folder with groups.csv holding rows, and tsp's
// total_sessions 15.
func withGroups(t testing.TB, rows string) fstest.MapFS {
	t.Helper()
	fsys := readFolder(t, "testdata/valid", func(b []byte) []byte { return b })
	iv := string(fsys[FileInterventions].Data)
	iv = strings.Replace(iv, "facilitator_genders\n", "", 1)
	lines := strings.Split(strings.TrimRight(iv, "\n"), "\n")
	lines[0] += ",total_sessions,sessions_per_week"
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "tsp,") {
			lines[i] += ",15,1"
		} else {
			lines[i] += ",,"
		}
	}
	fsys[FileInterventions] = &fstest.MapFile{Data: []byte(strings.Join(lines, "\n") + "\n")}
	fsys[FileGroups] = &fstest.MapFile{Data: []byte(groupsHeader + rows)}
	return fsys
}

func TestGroupsLoad(t *testing.T) {
	r, err := Load(withGroups(t, "g1,tsp,leicester,mon,morning,p01,LR001 LR002,3,closed\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 1 {
		t.Fatalf("groups %+v", r.Groups)
	}
	g := r.Groups[0]
	if g.ID != "g1" || !g.Weekday.Has(Mon) || g.Slot != "morning" || g.SessionsDone != 3 || g.Mode != GroupClosed ||
		g.Members.String() != "LR001 LR002" || g.Line != 2 {
		t.Errorf("group %+v", g)
	}
	if got := r.SessionsThisWeek(&g); got != 1 {
		t.Errorf("SessionsThisWeek = %d, want 1", got)
	}
	if got := r.SessionsLeft(&g); got != 12 {
		t.Errorf("SessionsLeft = %d, want 12", got)
	}
}

func TestGroupsErrors(t *testing.T) {
	for _, tt := range []struct {
		name, rows, want string
	}{
		{"unknown intervention", "g1,nope,leicester,mon,morning,p01,LR001,0,closed\n",
			`groups.csv:2: intervention: the value names no intervention in interventions.csv`},
		{"unpaid work", "g1,uw,leicester,mon,morning,,LR001,0,closed\n",
			`groups.csv:2: intervention: the value is unpaid work, which runs as work parties, not groups`},
		{"unknown site", "g1,tsp,nowhere,mon,morning,p01,LR001,0,closed\n",
			`groups.csv:2: site: the value names no site in sites.csv`},
		{"unknown facilitator", "g1,tsp,leicester,mon,morning,p99,LR001,0,closed\n",
			`groups.csv:2: facilitators: the value names no practitioner in practitioners.csv`},
		{"facilitator without the skill", "g1,tsp,leicester,mon,morning,p02,LR001,0,closed\n",
			`groups.csv:2: facilitators: "p02" does not hold the skill tsp`},
		{"unknown member", "g1,tsp,leicester,mon,morning,p01,LR999,0,closed\n",
			`groups.csv:2: members: the value names no service user in service_users.csv`},
		{"member twice", "g1,tsp,leicester,mon,morning,p01,LR001 LR001,0,closed\n",
			`groups.csv:2: members: the value is listed twice`},
		{"member of two groups", "g1,tsp,leicester,mon,morning,p01,LR001,0,closed\ng2,tsp,leicester,tue,morning,p01,LR001,0,closed\n",
			`groups.csv:3: members: the value is already a member of group g1 of tsp`},
		{"slot not valid", "g1,tsp,leicester,mon,noon,p01,LR001,0,closed\n",
			`groups.csv:2: slot: the value is not a slot of the settings (morning, afternoon, evening)`},
		{"already complete", "g1,tsp,leicester,mon,morning,p01,LR001,15,closed\n",
			`groups.csv:2: sessions_done: 15: the group is already complete (tsp has total_sessions 15)`},
		{"more weekdays than sessions a week", "g1,tsp,leicester,mon tue,morning,p01,LR001,0,closed\n",
			`groups.csv:2: weekday: 2 weekdays for tsp, which meets 1 a week (sessions_per_week)`},
		{"bad mode", "g1,tsp,leicester,mon,morning,p01,LR001,0,open\n",
			`groups.csv:2: mode: the value is not one of closed, rolling`},
		{"duplicate id", "g1,tsp,leicester,mon,morning,p01,LR001,0,closed\ng1,tsp,leicester,tue,morning,p01,LR002,0,closed\n",
			`groups.csv:3: id: the value is already used on line 2`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(withGroups(t, tt.rows))
			if err == nil {
				t.Fatal("no error")
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

// TestGroupsClosedDay: a weekday the site is not open is a warning, not an
// error: the group's session moves that week.
func TestGroupsClosedDay(t *testing.T) {
	r, err := Load(withGroups(t, "g1,tsp,hinckley,tue,morning,p01,LR001,0,closed\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := "groups.csv:2: weekday: the site is not open on tue (open_days mon wed fri): the group's session moves this week"
	if !strings.Contains(strings.Join(r.Warnings, "\n"), want) {
		t.Errorf("warnings %q, want %q", r.Warnings, want)
	}
}

// FuzzGroups loads the valid folder with any groups.csv: never a panic,
// either a Region or an error.
func FuzzGroups(f *testing.F) {
	f.Add([]byte(groupsHeader + "g1,tsp,leicester,mon,morning,p01,LR001 LR002,3,closed\n"))
	f.Add([]byte(groupsHeader + "g1,tsp,leicester,mon tue wed,noon,p01 p01,LR001,99,rolling\n"))
	f.Add([]byte("id\n\"g1\n"))
	f.Add([]byte(""))
	base := withGroups(f, "")
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{}
		for name, file := range base {
			fsys[name] = file
		}
		fsys[FileGroups] = &fstest.MapFile{Data: data}
		r, err := Load(fsys)
		if (r == nil) == (err == nil) {
			t.Fatalf("Load = %v, %v: want exactly one nil", r, err)
		}
		if r != nil {
			for i := range r.Groups {
				_ = r.SessionsThisWeek(&r.Groups[i])
			}
		}
	})
}

// TestSessionsPerWeekWarning: a requirement due more sessions a week than
// its intervention meets is a warning naming the line: a person attends
// one group of a programme, so the rest would stay unmet.
func TestSessionsPerWeekWarning(t *testing.T) {
	fsys := withGroups(t, "")
	q := string(fsys[FileRequirements].Data)
	q = strings.Replace(q, "LR001,intervention,tsp,1,,,2", "LR001,intervention,tsp,2,,,2", 1)
	fsys[FileRequirements] = &fstest.MapFile{Data: []byte(q)}
	r, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := "requirements.csv:6: sessions: 2 sessions due a week, but tsp meets 1 a week (sessions_per_week): the rest stay unmet"
	if !strings.Contains(strings.Join(r.Warnings, "\n"), want) {
		t.Errorf("warnings %q, want %q", r.Warnings, want)
	}
}
