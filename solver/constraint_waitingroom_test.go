package solver_test

import (
	"strings"
	"testing"

	"github.com/probation/rota/model/plan"
)

// extraColumns prefixes the world key that lists the columns a case adds
// to a file beyond tinyColumns (world.column); a world key that is no
// file of tinyColumns is written as it is (absences.csv, …).
const extraColumns = "+"

// column adds column col to every row of file so far: vals[id] for the
// row whose first cell is id, else def.
func (w world) column(file, col, def string, vals map[string]string) world {
	w[extraColumns+file] = append(w[extraColumns+file], col)
	for i, row := range w[file] {
		id, _, _ := strings.Cut(row, ",")
		v, ok := vals[id]
		if !ok {
			v = def
		}
		w[file][i] = row + "," + v
	}
	return w
}

// file sets a whole file: its header and rows.
func (w world) file(name string, lines ...string) world {
	w[name] = lines
	return w
}

// waitingRoomCases are the TestRules cases of the waiting room
// (constraint_waitingroom.go).
var waitingRoomCases = []ruleCase{
	{
		name:  "non-associates not in one waiting room",
		rules: []string{"waiting-room.non-association"},
		world: func() world {
			// One slot on one day at one site. u1 and u2 must not meet:
			// both are due an appointment with p1 (u1 first). u3, in a
			// group session, must not meet u4, due an appointment.
			return newWorld().set("slots", "morning:09:00-12:30").
				add(fIvs, "id=g").
				add(fPracs, "id=p1").add(fPracs, "id=f1 grade=facilitator skills=g").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt+" priority=1").
				add(fUsers, "id=u2 case_manager=p1").add(fReqs, "service_user=u2 "+appt).
				add(fUsers, "id=u3").add(fReqs, "service_user=u3 kind=intervention intervention=g priority=1").
				add(fUsers, "id=u4 case_manager=p1").add(fReqs, "service_user=u4 "+appt+" priority=5").
				add(fNAs, "service_user_a=u1 service_user_b=u2").
				add(fNAs, "service_user_a=u3 service_user_b=u4")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantUnmet(t, p, "u2", "appointment", 1, "")
			wantMet(t, p, "u3", "intervention")
			wantUnmet(t, p, "u4", "appointment", 1, "")
		},
	},
	{
		name:  "one waiting room allowed when non_association_appointments is false",
		rules: []string{"waiting-room.non-association"},
		world: func() world {
			return newWorld().set("slots", "morning:09:00-12:30").set("non_association_appointments", "false").
				add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2 case_manager=p1").add(fReqs, "service_user=u2 "+appt).
				add(fNAs, "service_user_a=u1 service_user_b=u2")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantMet(t, p, "u2", "appointment")
		},
	},
}

// absenceCases are the TestRules cases of absences and dated
// unavailability (reach.go: worksOn, pracFree, userFree).
var absenceCases = []ruleCase{
	{
		name:  "nobody booked during an absence",
		rules: []string{"staff.absence"},
		world: func() world {
			// p1 works Monday and Tuesday, on leave all Monday and on
			// training Tuesday morning; u1 can come only on Monday, u2
			// only on Tuesday. s1 is on training Monday morning, so
			// cannot supervise Monday's work party.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a open_days=mon;tue").
				add(fPracs, "id=p1 days=mon;tue").
				add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").add(fProjects, "id=j1").
				add(fUsers, "id=u1 case_manager=p1 available=mon").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2 case_manager=p1 available=tue").add(fReqs, "service_user=u2 "+appt).
				users(2, "w", "", "kind=unpaid_work hours=7").
				file("absences.csv", "practitioner,from,to,slots,reason",
					"p1,2018-06-04,2018-06-04,,leave",
					"p1,2018-06-05,2018-06-05,morning,training",
					"s1,2018-06-04,2018-06-04,morning,training")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "case manager absent")
			wantMet(t, p, "u2", "appointment")
			for _, a := range p.Appointments {
				if a.Date != "2018-06-05" || a.Slot == "morning" {
					t.Errorf("appointment %+v during p1's absence", a)
				}
			}
			for _, s := range p.Staff {
				if s.Practitioner == "p1" && s.Date == "2018-06-04" {
					t.Errorf("staff row %+v on p1's day of leave", s)
				}
			}
			if got := totalUnmet(p, "hours"); got != 14 {
				t.Errorf("%g hours unmet, want 14 (no supervisor)", got)
			}
		},
	},
	{
		name:  "nobody booked on a court date",
		rules: []string{"attendance.unavailable-date"},
		world: func() world {
			// u1 is in court on Monday, the only day; u2 on Monday
			// morning only; u3 and u4 are due a group session on Monday
			// morning (minimum 2) and u4 is at work then.
			return newWorld().
				add(fIvs, "id=g min_group=2").
				add(fPracs, "id=p1").add(fPracs, "id=f1 grade=facilitator skills=g").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2 case_manager=p1").add(fReqs, "service_user=u2 "+appt).
				users(2, "g", "available=mon:morning", "kind=intervention intervention=g").
				file("unavailability.csv", "service_user,from,to,slots",
					"u1,2018-06-01,2018-06-04,",
					"u2,2018-06-04,2018-06-04,morning",
					"g2,2018-06-04,2018-06-04,morning")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "")
			wantMet(t, p, "u2", "appointment")
			for _, a := range appointmentsOf(p, "u2") {
				if a.Slot == "morning" {
					t.Errorf("u2's appointment %+v on their court morning", a)
				}
			}
			wantUnmet(t, p, "g1", "intervention", 1, "")
			wantUnmet(t, p, "g2", "intervention", 1, "")
		},
	},
}

// whoStaffsCases are the TestRules cases of who may staff a site or a
// group (constraint_staffgender.go).
var whoStaffsCases = []ruleCase{
	{
		name:  "women staff at a women's hub",
		rules: []string{"staff.women-staff"},
		world: func() world {
			// Site w takes women staff only; u1 and u2 can reach only w.
			// m1 (a man, usually at w on Monday) manages u1; f1 (a woman)
			// manages u2.
			return newWorld().
				add(fSites, "id=w lon=-0.5 women_only=true").column(fSites, "women_staff", "false", map[string]string{"w": "true"}).
				add(fPracs, "id=m1 pattern=mon:w").add(fPracs, "id=f1").
				column(fPracs, "gender", "", map[string]string{"m1": "male", "f1": "female"}).
				add(fUsers, "id=u1 case_manager=m1 lon=-0.5 gender=female").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2 case_manager=f1 lon=-0.5 gender=female").add(fReqs, "service_user=u2 "+appt)
		},
		warnings: []string{`practitioners.csv:2: pattern: mon: "w" takes women staff only (sites.csv women_staff); that day is planned as if no site were usual`},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "")
			wantMet(t, p, "u2", "appointment")
			for _, s := range p.Staff {
				if s.Practitioner == "m1" && s.Site != "a" {
					t.Errorf("staff row %+v: m1 at %s, want the base a", s, s.Site)
				}
			}
		},
	},
	{
		name:  "a woman and a man facilitating a mixed programme",
		rules: []string{"session.facilitator-genders"},
		world: func() world {
			// Two groups could run, morning and afternoon; f1 and f2 are
			// women, m1 the one man, who runs one session a week.
			return newWorld().
				add(fIvs, "id=g facilitators=2 min_group=2").column(fIvs, "facilitator_genders", "", map[string]string{"g": "mixed"}).
				add(fPracs, "id=f1 grade=facilitator skills=g").add(fPracs, "id=f2 grade=facilitator skills=g").
				add(fPracs, "id=m1 grade=facilitator skills=g max_sessions=1").
				column(fPracs, "gender", "female", map[string]string{"m1": "male"}).
				users(2, "u", "available=mon:morning", "kind=intervention intervention=g priority=1").
				users(2, "v", "available=mon:afternoon", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 1 {
				t.Errorf("%d sessions, want 1", n)
			}
			for _, s := range p.Sessions {
				if !strings.Contains(s.Staff, "m1") {
					t.Errorf("session %s facilitated by %s, want a man among them", s.ID, s.Staff)
				}
			}
			wantMet(t, p, "u1", "intervention")
			wantUnmet(t, p, "v1", "intervention", 1, "")
		},
	},
	{
		name:  "women facilitate a women's group",
		rules: []string{"session.facilitator-genders"},
		world: func() world {
			// m1, a man, could run the afternoon group; f1 runs one
			// session a week.
			return newWorld().
				add(fIvs, "id=g facilitators=1 min_group=2 gender=female").column(fIvs, "facilitator_genders", "", map[string]string{"g": "female"}).
				add(fPracs, "id=f1 grade=facilitator skills=g max_sessions=1").add(fPracs, "id=m1 grade=facilitator skills=g").
				column(fPracs, "gender", "female", map[string]string{"m1": "male"}).
				users(2, "u", "gender=female available=mon:morning", "kind=intervention intervention=g priority=1").
				users(2, "v", "gender=female available=mon:afternoon", "kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(p.Sessions); n != 1 {
				t.Errorf("%d sessions, want 1", n)
			}
			for _, s := range p.Sessions {
				if s.Staff != "f1" {
					t.Errorf("session %s facilitated by %s, want f1", s.ID, s.Staff)
				}
			}
			wantUnmet(t, p, "v1", "intervention", 1, "")
		},
	},
}
