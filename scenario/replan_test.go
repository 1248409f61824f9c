package scenario

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/probation/rota/model"
	"github.com/probation/rota/model/plan"
)

var wednesday9 = model.Moment{Date: model.MustDate("2018-06-06"), Minute: 9 * 60}

// pastOf solves files as the rota handed out on Monday, with its allocation.
func pastOf(t *testing.T, files map[string][]byte, opt Options) Past {
	t.Helper()
	base, err := SolveBaseline(context.Background(), files, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkSide(t, "rota", base)
	past := Past{Plan: base.Result.Plan, Name: "rota r0"}
	if base.Balance != nil {
		past.Assign = map[string]string{}
		for _, m := range base.Balance.Moves {
			past.Assign[m.ServiceUser] = m.To
		}
	}
	return past
}

func replan(t *testing.T, files map[string][]byte, past Past, from model.Moment, specs ...string) *Replanned {
	t.Helper()
	rp, err := Replan(context.Background(), files, past, from, mustParse(t, specs...), stocktonOptions)
	if err != nil {
		t.Fatalf("Replan(%s): %v", strings.Join(specs, " "), err)
	}
	for _, l := range rp.Summary.Headline {
		t.Log(l)
	}
	checkSide(t, "re-plan", rp.Scenario)
	return rp
}

// rowsOn encodes the rows of each rota file dated on one of dates, as
// they are written.
func rowsOn(t *testing.T, pl *plan.Plan, dates ...string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for name, rows := range map[string]any{plan.StaffFile: pl.Staff, plan.AppointmentsFile: pl.Appointments,
		plan.SessionsFile: pl.Sessions, plan.AttendanceFile: pl.Attendance} {
		b, err := plan.EncodeCSV(rows)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if slices.ContainsFunc(dates, func(d string) bool { return strings.Contains(l, ","+d+",") }) {
				out[name] = append(out[name], l)
			}
		}
	}
	return out
}

// TestReplanSickness: on the Stockton sample, p02 phones in sick on
// Wednesday before nine. Every Monday and Tuesday booking stays byte for
// byte, and every affected row is a booking of p02's on Wednesday or a
// knock-on of one: something that moved into the place one of those
// took (at most one for each).
func TestReplanSickness(t *testing.T) {
	needCbc(t)
	files := stocktonFiles(t)
	past := pastOf(t, files, stocktonOptions)
	rp := replan(t, files, past, wednesday9, "out:p02:wed")
	before, after := rowsOn(t, past.Plan, "2018-06-04", "2018-06-05"), rowsOn(t, rp.Scenario.Result.Plan, "2018-06-04", "2018-06-05")
	for name, rows := range before {
		if !slices.Equal(rows, after[name]) {
			t.Errorf("%s: Monday and Tuesday changed:\nbefore %q\nafter  %q", name, rows, after[name])
		}
	}
	forced, knock := 0, 0
	for _, a := range rp.Affected {
		t.Logf("%s %s %s: %s → %s (%s)", a.ServiceUser, a.What, a.Effect, a.Had, a.Gets, a.Reason)
		switch {
		case strings.HasPrefix(a.Had, "with p02 ") && strings.Contains(a.Had, " wed 2018-06-06 "):
			forced++
			if !strings.HasPrefix(a.Reason, "case manager p02 away (sickness) on wed") {
				t.Errorf("%s: reason %q, want the sickness", a.ServiceUser, a.Reason)
			}
		case strings.Contains(a.Had, "2018-06-04") || strings.Contains(a.Had, "2018-06-05"):
			t.Errorf("%s: a Monday or Tuesday booking moved: %s", a.ServiceUser, a.Had)
		default:
			knock++
		}
	}
	if forced == 0 {
		t.Fatal("nothing of p02's on Wednesday moved: the case shows nothing")
	}
	if knock > forced {
		t.Errorf("%d knock-ons of %d forced moves: more moved than the sickness forces", knock, forced)
	}
	for _, s := range rp.Staff {
		if s.Date < "2018-06-06" {
			t.Errorf("%s's %s changed: %s → %s", s.Practitioner, s.Date, s.Had, s.Gets)
		}
	}
}

// TestReplanPastBroken: a sickness from Monday with --from Wednesday
// breaks bookings already kept: each is named by its rota row and rule.
func TestReplanPastBroken(t *testing.T) {
	needCbc(t)
	files := stocktonFiles(t)
	past := pastOf(t, files, stocktonOptions)
	_, err := Replan(context.Background(), files, past, wednesday9, mustParse(t, "out:p02:mon,wed"), stocktonOptions)
	if err == nil {
		t.Fatal("no error")
	}
	if msg := err.Error(); !strings.Contains(msg, "rota r0/staff.csv:") || !strings.Contains(msg, "breaks staff.absence: absences.csv: p02 is away (sickness) on 2018-06-04") {
		t.Errorf("error %q: want the rota's rows and the rule", msg)
	}
}

// tinyFiles is a small region: one site open Monday to Friday, two case
// managers and four people, each free at one or two times.
func tinyFiles() map[string][]byte {
	return map[string][]byte{
		model.FileSettings: []byte("key,value\nweek_start,2018-06-04\n"),
		model.FileSites: []byte("id,name,town,lat,lon,open_days,group_rooms,seats_per_room,interview_rooms\n" +
			"a,Office,Town,54,-1,mon tue wed thu fri,0,0,2\n"),
		model.FileTeams: []byte("id,name,base\nt,Team,a\n"),
		model.FilePractitioners: []byte("id,name,team,grade,contracted_hours,base_site,days\n" +
			"p1,One,t,PO,37,a,mon tue wed thu fri\np2,Two,t,PO,37,a,mon tue wed thu fri\n"),
		model.FileServiceUsers: []byte("id,team,case_manager,lat,lon,gender,dob,rosh,tier,case_type,available\n" +
			"u1,t,p1,54,-1,male,1980-01-01,low,C1,community,wed:morning thu:morning\n" +
			"u2,t,p1,54,-1,male,1980-01-01,low,C1,community,mon:morning\n" +
			"u3,t,p2,54,-1,male,1980-01-01,low,C1,community,wed:morning\n" +
			"u4,t,p2,54,-1,male,1980-01-01,low,C1,community,tue:afternoon\n"),
		model.FileRequirements:  []byte("service_user,kind,sessions\nu1,appointment,1\nu2,appointment,1\nu3,appointment,1\nu4,appointment,1\n"),
		model.FileInterventions: []byte("id,name,kind,session_hours,min_group,max_group,facilitators\n"),
	}
}

// TestReplanAffectedExactly: the rota had u1 seen by p1 on Wednesday
// morning (booked so: a pin of that week); p1 phones in sick on
// Wednesday. u1 moves to Thursday morning, their only other time, and
// nobody else is touched: u2 (Monday) and u4 (Tuesday) are past, u3 is
// seen by p2.
func TestReplanAffectedExactly(t *testing.T) {
	needCbc(t)
	files := tinyFiles()
	booked := maps2(files, "pins.csv", "kind,service_user,date,slot,site\nappointment,u1,2018-06-06,morning,a\n")
	opt := Options{Seed: 1, NoBalance: true}
	past := pastOf(t, booked, opt)
	rp := replan(t, files, past, wednesday9, "out:p1:wed")
	want := []Affected{{ServiceUser: "u1", What: "appointment", Effect: EffectMovesTime,
		Had: "with p1 at a wed 2018-06-06 morning", Gets: "with p1 at a thu 2018-06-07 morning",
		Reason: "case manager p1 away (sickness) on wed"}}
	if len(rp.Affected) != len(want) {
		t.Fatalf("affected %+v, want %+v", rp.Affected, want)
	}
	for i, a := range rp.Affected {
		a.TravelBefore, a.TravelAfter, a.TravelChange = nil, nil, nil
		if a != want[i] {
			t.Errorf("affected %+v, want %+v", a, want[i])
		}
	}
	if rp.Kept != 6 { // u2's and u4's appointments, and p1's and p2's Monday and Tuesday
		t.Errorf("kept %d bookings and staff days, want 6", rp.Kept)
	}
	gotStaff := make([]string, len(rp.Staff))
	for i, s := range rp.Staff {
		gotStaff[i] = s.Practitioner + " " + s.Weekday + ": " + s.Had + " → " + s.Gets
	}
	wantStaff := []string{
		"p1 wed: at a: morning appointments u1; afternoon office; evening office → not working",
		"p1 thu: at a: morning office; afternoon office; evening office → at a: morning appointments u1; afternoon office; evening office",
	}
	if !slices.Equal(gotStaff, wantStaff) {
		t.Errorf("staff affected\n%q\nwant\n%q", gotStaff, wantStaff)
	}
}

// maps2 is files with one more file.
func maps2(files map[string][]byte, name, data string) map[string][]byte {
	out := make(map[string][]byte, len(files)+1)
	for k, v := range files {
		out[k] = v
	}
	out[name] = []byte(data)
	return out
}

// TestReplanFreezesThePast: u1's only other time is Monday morning, which
// is past on Wednesday: nothing is added to the past, so u1 loses the
// appointment rather than gain one on Monday.
func TestReplanFreezesThePast(t *testing.T) {
	needCbc(t)
	files := tinyFiles()
	files[model.FileServiceUsers] = []byte(strings.Replace(string(files[model.FileServiceUsers]), "wed:morning thu:morning", "mon:morning wed:morning", 1))
	booked := maps2(files, "pins.csv", "kind,service_user,date,slot,site\nappointment,u1,2018-06-06,morning,a\n")
	past := pastOf(t, booked, Options{Seed: 1, NoBalance: true})
	rp := replan(t, files, past, wednesday9, "out:p1:wed")
	if len(rp.Affected) != 1 {
		t.Fatalf("affected %+v, want u1's loss alone", rp.Affected)
	}
	if a := rp.Affected[0]; a.ServiceUser != "u1" || a.Effect != EffectLoses || a.Reason != "case manager p1 away (sickness) on wed; every time they could have had is before 2018-06-06T09:00, already past (a re-plan keeps the past)" {
		t.Errorf("affected %+v, want u1 losing the appointment for the sickness", a)
	}
	before, after := rowsOn(t, past.Plan, "2018-06-04", "2018-06-05"), rowsOn(t, rp.Scenario.Result.Plan, "2018-06-04", "2018-06-05")
	for name, rows := range before {
		if !slices.Equal(rows, after[name]) {
			t.Errorf("%s: Monday and Tuesday changed:\nbefore %q\nafter  %q", name, rows, after[name])
		}
	}
}
