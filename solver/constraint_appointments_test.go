package solver_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/probation/rota/model/plan"
)

// appointmentCases are the TestRules cases of supervision appointments (constraint_appointments.go).
var appointmentCases = []ruleCase{
	{
		name:  "appointments: women-only and step-free sites",
		rules: []string{"appointment.women-only", "appointment.step-free"},
		world: func() world {
			// a is women-only and not step-free; c, 6.5 km away, is
			// neither. p1 may be at either; m1 (a man) and w1 (who needs
			// step-free access) may be seen only at c, w2 at either.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a women_only=true step_free=false").add(fSites, "id=c lon=-1.1").
				add(fPracs, "id=p1").
				add(fUsers, "id=m1 case_manager=p1").add(fReqs, "service_user=m1 "+appt).
				add(fUsers, "id=w1 gender=female step_free=true case_manager=p1").add(fReqs, "service_user=w1 "+appt).
				add(fUsers, "id=w2 gender=female case_manager=p1").add(fReqs, "service_user=w2 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			for _, a := range p.Appointments {
				if a.Site == "a" && a.ServiceUser != "w2" {
					t.Errorf("%s seen at a (women-only, not step-free)", a.ServiceUser)
				}
			}
			wantMet(t, p, "w2", "appointment")
		},
	},
	{
		name:  "unmet.csv by service user, then as in requirements.csv",
		rules: []string{"file.order"},
		world: func() world {
			// Nobody has a case manager; requirements.csv lists u2's first.
			return newWorld().add(fUsers, "id=u1").add(fUsers, "id=u2").
				add(fReqs, "service_user=u2 "+appt).add(fReqs, "service_user=u1 "+appt+" priority=1")
		},
		check: func(t *testing.T, p *plan.Plan) {
			var got []string
			for _, u := range p.Unmet {
				got = append(got, u.ServiceUser)
			}
			if want := []string{"u1", "u2"}; !slices.Equal(got, want) {
				t.Errorf("unmet.csv rows of %q, want %q", got, want)
			}
		},
	},
	{
		name:  "appointment only with own case manager",
		rules: []string{"appointment.case-manager", "staff.working-day"},
		world: func() world {
			// u1's case manager p1 works Tuesday only; p2 works Monday,
			// the only day u1 can come. u2 has no case manager.
			return newWorld().add(fSites, "id=b open_days=mon;tue").
				add(fPracs, "id=p1 days=tue base_site=b").add(fPracs, "id=p2").
				add(fUsers, "id=u1 case_manager=p1 available=mon").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2").add(fReqs, "service_user=u2 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "case manager not working on their available days")
			wantUnmet(t, p, "u2", "appointment", 1, "no case manager allocated")
			if n := len(p.Appointments); n != 0 {
				t.Errorf("%d appointments, want none", n)
			}
		},
	},
	{
		name:  "an induction takes a room of its own and its case manager's slot",
		rules: []string{"appointment.case-manager-capacity", "time.room", "time.overlap", "time.slot"},
		world: func() world {
			// One 90-minute slot (two 45-minute positions), two interview
			// rooms. p1's induction of i1 (90 minutes) fills p1's slot and
			// one room; p2 sees v1 and v2 back to back in the other.
			return newWorld().set("slots", "morning:09:00-10:30").
				add(fPracs, "id=p1").add(fPracs, "id=p2").
				add(fUsers, "id=i1 case_manager=p1").add(fReqs, "service_user=i1 "+appt+" induction=true priority=1").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt).
				users(2, "v", "case_manager=p2", appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "i1", "appointment")
			wantUnmet(t, p, "u1", "appointment", 1, "case manager's diary full when they can be seen: capacity used by higher-priority cases")
			wantMet(t, p, "v1", "appointment")
			wantMet(t, p, "v2", "appointment")
			type booking struct{ start, end, room string }
			got := map[string]booking{}
			for _, a := range p.Appointments {
				got[a.ServiceUser] = booking{a.Start, a.End, a.Room}
			}
			want := map[string]booking{
				"i1": {"09:00", "10:30", "Interview 1"},
				"v1": {"09:00", "09:45", "Interview 2"},
				"v2": {"09:45", "10:30", "Interview 2"},
			}
			if !maps.Equal(got, want) {
				t.Errorf("appointments %v, want %v", got, want)
			}
		},
	},
	{
		name:  "interview rooms full",
		rules: []string{"appointment.interview-rooms"},
		world: func() world {
			// One 45-minute slot, one interview room: one appointment.
			return newWorld().set("slots", "morning:09:00-09:45").
				add(fSites, "id=b lat=54.01 interview_rooms=1").
				add(fPracs, "id=p1 base_site=b").add(fPracs, "id=p2 base_site=b").
				add(fUsers, "id=u1 case_manager=p1 lat=54.01").add(fReqs, "service_user=u1 "+appt+" priority=1").
				add(fUsers, "id=u2 case_manager=p2 lat=54.01").add(fReqs, "service_user=u2 "+appt).
				set("max_travel_km", "1")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantUnmet(t, p, "u2", "appointment", 1, "interview rooms full")
		},
	},
	{
		name:  "no interview room at the nearest site",
		rules: []string{"appointment.interview-rooms"},
		world: func() world {
			// a has no interview room; c, 6.5 km away, has one.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a interview_rooms=0").add(fSites, "id=c lon=-1.1 interview_rooms=1").
				add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			for _, a := range p.Appointments {
				if a.Site != "c" {
					t.Errorf("appointment at %s, which has no interview room", a.Site)
				}
			}
		},
	},
	{
		name:  "case manager's slot capacity",
		rules: []string{"appointment.case-manager-capacity"},
		world: func() world {
			return newWorld().set("slots", "morning:09:00-09:45").
				add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 "+appt+" priority=1").
				add(fUsers, "id=u2 case_manager=p1").add(fReqs, "service_user=u2 "+appt)
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantMet(t, p, "u1", "appointment")
			wantUnmet(t, p, "u2", "appointment", 1, "diary full")
		},
	},
	{
		name:  "service user availability",
		rules: []string{"appointment.available", "attendance.available"},
		world: func() world {
			// u1 can come only on Tuesday, when p1 does not work; u2 only
			// on Monday evening; u3, due a group, only on Tuesday; u4 only
			// on Monday mornings, the group (minimum 2) only on Monday.
			return newWorld().add(fSites, "id=b open_days=mon;tue").
				add(fIvs, "id=g min_group=2").
				add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1 available=tue").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2 case_manager=p1 available=mon:evening").add(fReqs, "service_user=u2 "+appt).
				users(2, "v", "available=mon:morning", "kind=intervention intervention=g").
				add(fUsers, "id=v3 available=mon:afternoon").add(fReqs, "service_user=v3 kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "case manager not working")
			wantMet(t, p, "u2", "appointment")
			for _, a := range appointmentsOf(p, "u2") {
				if a.Slot != "evening" {
					t.Errorf("u2 seen %s %s, available only on Monday evening", a.Date, a.Slot)
				}
			}
			wantMet(t, p, "v1", "intervention")
			wantUnmet(t, p, "v3", "intervention", 1, "")
			if a := attendanceOf(p, "v3"); len(a) > 0 {
				t.Errorf("v3 attends %+v, available only on Monday afternoon", a)
			}
		},
	},
	{
		name:  "travel limit",
		rules: []string{"appointment.travel", "attendance.travel", "party.travel", "session.intervention"},
		world: func() world {
			// u1 lives 55 km from the only site.
			return newWorld().add(fIvs, "id=g").add(fIvs, "id=uw kind=unpaid_work session_hours=7").
				add(fPracs, "id=p1").add(fPracs, "id=s1 grade=supervisor skills=unpaid_work").
				add(fProjects, "id=j1").
				add(fUsers, "id=u1 case_manager=p1 lat=54.5").
				add(fReqs, "service_user=u1 "+appt).
				add(fReqs, "service_user=u1 kind=intervention intervention=g").
				add(fReqs, "service_user=u1 kind=unpaid_work hours=7").
				users(2, "w", "", "kind=unpaid_work hours=7")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "within 25 km")
			wantUnmet(t, p, "u1", "intervention", 1, "within 25 km")
			wantUnmet(t, p, "u1", "unpaid_work", 7, "within 25 km")
			wantMet(t, p, "w1", "unpaid_work")
		},
	},
	{
		name:  "site open days",
		rules: []string{"appointment.site-open", "session.site-open", "staff.site-open"},
		world: func() world {
			// Site a is open on Tuesday only; everyone can come only on Monday.
			w := newWorld()
			w[fSites] = nil
			return w.add(fSites, "id=a open_days=tue").add(fIvs, "id=g").
				add(fPracs, "id=p1 days=mon;tue").
				add(fUsers, "id=u1 case_manager=p1 available=mon").add(fReqs, "service_user=u1 "+appt).
				add(fUsers, "id=u2 available=mon").add(fReqs, "service_user=u2 kind=intervention intervention=g")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "no site open on their available days")
			wantUnmet(t, p, "u2", "intervention", 1, "open on their available days")
		},
	},
	{
		name:  "one appointment a day",
		rules: []string{"appointment.one-a-day", "appointment.due"},
		world: func() world {
			return newWorld().add(fPracs, "id=p1").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 kind=appointment sessions=2")
		},
		check: func(t *testing.T, p *plan.Plan) {
			if n := len(appointmentsOf(p, "u1")); n != 1 {
				t.Errorf("u1 has %d appointments on the one working day, want 1", n)
			}
			wantUnmet(t, p, "u1", "appointment", 1, "")
		},
	},
	{
		name:  "a case manager out of reach: the site, the day and the distance",
		rules: []string{"appointment.travel"},
		world: func() world {
			// p1 is at b (Oakham, 32.7 km from u1's home) every Monday.
			return newWorld().add(fSites, "id=b name=Oakham lon=-1.5").
				add(fPracs, "id=p1 pattern=mon:b").
				add(fUsers, "id=u1 case_manager=p1").add(fReqs, "service_user=u1 kind=appointment")
		},
		check: func(t *testing.T, p *plan.Plan) {
			wantUnmet(t, p, "u1", "appointment", 1, "case manager is at Oakham on Monday, 32.7 km from home (limit 25)")
		},
	},
}
